package dev.orgexport.devstack.kafka;

import dev.orgexport.devstack.tls.SelfSignedTls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration of the one-node development broker, shared by the in-process and the
 * child-process broker so both behave the same.
 */
final class BrokerProperties {

    /** Fixed, so a directory formatted once can be restarted by either kind of broker. */
    static final String CLUSTER_ID = "LDwfVwxLSNiRe90oZQSmbw";
    static final int NODE_ID = 1;
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    private BrokerProperties() {
    }

    /** A KRaft combined-mode (broker and controller in one node) configuration. */
    static Properties combinedNode(Path logDir, BrokerPorts ports) {
        return combinedNode(logDir, ports, null);
    }

    /**
     * As {@link #combinedNode(Path, BrokerPorts)}; with {@code saslPlainUsers} (user to
     * password) the client listener is SASL_PLAINTEXT with the PLAIN mechanism and accepts
     * only those users (plus the broker's own inter-broker user), so a client without valid
     * credentials cannot produce, consume or administer anything.
     */
    static Properties combinedNode(Path logDir, BrokerPorts ports, Map<String, String> saslPlainUsers) {
        return combinedNode(logDir, ports, saslPlainUsers, null);
    }

    /**
     * As {@link #combinedNode(Path, BrokerPorts, Map)}; with {@code tls} as well the SASL listener
     * is SASL_SSL, serving that identity (the broker's own connections to it trust it too).
     */
    static Properties combinedNode(Path logDir, BrokerPorts ports, Map<String, String> saslPlainUsers, SelfSignedTls tls) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@" + BrokerPorts.HOST + ":" + ports.controller());
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("listeners", "PLAINTEXT://" + ports.bootstrapServers()
                + "," + CONTROLLER_LISTENER + "://" + BrokerPorts.HOST + ":" + ports.controller());
        p.setProperty("advertised.listeners", "PLAINTEXT://" + ports.bootstrapServers());
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toAbsolutePath().toString());
        if (saslPlainUsers != null) {
            saslPlain(p, ports, saslPlainUsers, tls);
        }

        // One node: every internal topic must be satisfiable by a single replica.
        p.setProperty("offsets.topic.replication.factor", "1");
        // One node is every group's coordinator anyway; creating 1 partition instead of 50
        // makes the first consumer group join about a second faster.
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");

        // The default is a 128 MiB heap buffer, most of the broker's footprint in a test JVM.
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        // Consumer groups of tests join in milliseconds instead of waiting 3 s for more members.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // After a kill -9 the restarted node waits out its own stale registration: keep it short.
        p.setProperty("broker.session.timeout.ms", "2000");
        p.setProperty("broker.heartbeat.interval.ms", "500");
        return p;
    }

    private static void saslPlain(Properties p, BrokerPorts ports, Map<String, String> users, SelfSignedTls tls) {
        String protocol = tls == null ? "SASL_PLAINTEXT" : "SASL_SSL";
        p.setProperty("listeners", protocol + "://" + ports.bootstrapServers()
                + "," + CONTROLLER_LISTENER + "://" + BrokerPorts.HOST + ":" + ports.controller());
        p.setProperty("advertised.listeners", protocol + "://" + ports.bootstrapServers());
        p.setProperty("listener.security.protocol.map", protocol + ":" + protocol + "," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("inter.broker.listener.name", protocol);
        if (tls != null) {
            p.setProperty("ssl.keystore.type", "PKCS12");
            p.setProperty("ssl.keystore.location", tls.keyStore().toString());
            p.setProperty("ssl.keystore.password", tls.password());
            p.setProperty("ssl.key.password", tls.password());
            p.setProperty("ssl.truststore.type", "PKCS12");
            p.setProperty("ssl.truststore.location", tls.trustStore().toString());
            p.setProperty("ssl.truststore.password", tls.password());
        }
        p.setProperty("sasl.enabled.mechanisms", "PLAIN");
        p.setProperty("sasl.mechanism.inter.broker.protocol", "PLAIN");
        StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required")
                .append(" username=\"").append(INTER_BROKER_USER).append("\" password=\"").append(INTER_BROKER_PASSWORD)
                .append("\" user_").append(INTER_BROKER_USER).append("=\"").append(INTER_BROKER_PASSWORD).append('"');
        users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
        p.setProperty("listener.name." + protocol.toLowerCase(Locale.ROOT) + ".plain.sasl.jaas.config",
                jaas.append(';').toString());
    }

    /** The broker's own user on a SASL listener; only the broker itself knows its password. */
    private static final String INTER_BROKER_USER = "broker";
    private static final String INTER_BROKER_PASSWORD = java.util.UUID.randomUUID().toString();

    static void write(Properties properties, Path file) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "orgexport devstack one-node KRaft broker");
        } catch (IOException e) {
            throw new UncheckedIOException("could not write broker configuration " + file, e);
        }
    }
}
