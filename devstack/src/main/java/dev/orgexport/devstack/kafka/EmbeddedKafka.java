package dev.orgexport.devstack.kafka;

import dev.orgexport.devstack.NoisyLoggers;
import dev.orgexport.devstack.tls.SelfSignedTls;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.internals.AppInfoParser;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real Apache Kafka broker, running inside this JVM as a one-node KRaft cluster (broker and
 * controller in one node) on a free port of 127.0.0.1.
 *
 * <p>Lifecycle: {@link #start()} formats the log directory on first use and starts the broker;
 * {@link #stop()} shuts it down cleanly; {@link #start()} again (or {@link #restart()}) serves the
 * same directory, so records written before the stop are still there, on the same port.
 * {@link #close()} stops it and deletes the directory if this object created it. An in-process
 * broker can only stop cleanly; for crash tests use {@link ChildProcessKafka}.
 *
 * <p>Thread-safety: all methods are thread-safe (lifecycle calls are serialized).
 *
 * <p>Logging: the broker's loggers are set to WARN when logback is the backend and they are not
 * configured otherwise (see {@link NoisyLoggers}); the start time is logged at INFO.
 */
public final class EmbeddedKafka implements KafkaBroker, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

    private final WorkDirectory directory;
    private BrokerPorts ports;
    private KafkaRaftServer server;
    private long lastStartMillis = -1;
    private Map<String, String> saslPlainUsers;
    private SelfSignedTls tls;

    private EmbeddedKafka(WorkDirectory directory) {
        this.directory = directory;
    }

    /** A broker on a new temporary directory, deleted by {@link #close()}. Not started yet. */
    public static EmbeddedKafka inTemporaryDirectory() {
        return new EmbeddedKafka(WorkDirectory.temporary("orgexport-kafka-"));
    }

    /** A broker on the given log directory (created if missing, never deleted). Not started yet. */
    public static EmbeddedKafka inDirectory(Path logDirectory) {
        return new EmbeddedKafka(WorkDirectory.given(logDirectory));
    }

    /**
     * Makes the client listener SASL_PLAINTEXT with the PLAIN mechanism, accepting only these
     * users (name to password): a broker that refuses unauthenticated clients, as a managed
     * Kafka does. Call before {@link #start()}. {@link #createTopic} does not work on such a
     * broker (it connects without credentials); clients need {@link #saslClientProperties}.
     */
    public synchronized EmbeddedKafka withSaslPlain(Map<String, String> users) {
        if (server != null) {
            throw new IllegalStateException("withSaslPlain must be called before start()");
        }
        this.saslPlainUsers = Map.copyOf(users);
        return this;
    }

    /**
     * As {@link #withSaslPlain(Map)}, over TLS: the client listener is SASL_SSL, serving {@code tls}
     * (as managed Kafka services do). Clients need {@link #saslSslClientProperties} as well.
     */
    public synchronized EmbeddedKafka withSaslPlainOverTls(Map<String, String> users, SelfSignedTls identity) {
        withSaslPlain(users);
        this.tls = identity;
        return this;
    }

    /** The client properties that reach a {@link #withSaslPlainOverTls} broker: SASL_SSL and its trust store. */
    public static Map<String, String> saslSslClientProperties(String user, String password, SelfSignedTls identity) {
        Map<String, String> properties = new HashMap<>(saslClientProperties(user, password));
        properties.put("security.protocol", "SASL_SSL");
        properties.put("ssl.truststore.type", "PKCS12");
        properties.put("ssl.truststore.location", identity.trustStore().toString());
        properties.put("ssl.truststore.password", identity.password());
        return Map.copyOf(properties);
    }

    /** The Kafka client properties that authenticate as {@code user} on a {@link #withSaslPlain} broker. */
    public static Map<String, String> saslClientProperties(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";");
    }

    /**
     * Starts the broker and returns once it serves clients; does nothing when already running.
     *
     * @return this, for {@code EmbeddedKafka.inTemporaryDirectory().start()}
     */
    public synchronized EmbeddedKafka start() {
        if (server != null) {
            return this;
        }
        NoisyLoggers.warnUnlessConfigured(NoisyLoggers.KAFKA);
        if (ports == null) {
            ports = BrokerPorts.allocate();
        }
        long begin = System.nanoTime();
        Properties properties = BrokerProperties.combinedNode(directory.path(), ports, saslPlainUsers, tls);
        KafkaConfig config = new KafkaConfig(properties, false);
        format(directory.path().toString());
        KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            started.startup();
        } catch (RuntimeException e) {
            // A half-started broker still holds threads and ports: release them before failing.
            started.shutdown();
            throw new IllegalStateException("Kafka broker on " + ports.bootstrapServers()
                    + " with log dir " + directory.path() + " failed to start", e);
        }
        server = started;
        lastStartMillis = (System.nanoTime() - begin) / 1_000_000;
        log.info("Kafka {} broker (in-process, KRaft combined) ready at {} in {} ms, log dir {}",
                AppInfoParser.getVersion(), ports.bootstrapServers(), lastStartMillis, directory.path());
        return this;
    }

    /** Shuts the broker down cleanly and waits for it; does nothing when not running. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        long begin = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        server = null;
        log.info("Kafka broker at {} stopped in {} ms", ports.bootstrapServers(),
                (System.nanoTime() - begin) / 1_000_000);
    }

    /** {@link #stop()} then {@link #start()} on the same directory and port. */
    public synchronized EmbeddedKafka restart() {
        stop();
        return start();
    }

    /** Whether the broker is running. */
    public synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public synchronized String bootstrapServers() {
        if (ports == null) {
            throw new IllegalStateException("EmbeddedKafka in " + directory.path() + " was never started");
        }
        return ports.bootstrapServers();
    }

    @Override
    public void createTopic(String name, int partitions) {
        TopicAdmin.createTopic(bootstrapServers(), name, partitions);
    }

    /** The broker's log directory. */
    public Path logDirectory() {
        return directory.path();
    }

    /** Milliseconds the last {@link #start()} took (format included), or -1 before the first. */
    public synchronized long lastStartMillis() {
        return lastStartMillis;
    }

    @Override
    public synchronized String description() {
        return String.format(Locale.ROOT, "Apache Kafka %s in-process (KRaft combined) at %s, started in %d ms",
                AppInfoParser.getVersion(), ports == null ? "(not started)" : ports.bootstrapServers(),
                lastStartMillis);
    }

    /** Stops the broker and deletes its directory if this object created it. */
    @Override
    public synchronized void close() {
        stop();
        directory.deleteIfOwned();
    }

    /** Formats the directory once; an already formatted directory is kept as it is. */
    private static void format(String logDir) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8))
                    .setNodeId(BrokerProperties.NODE_ID)
                    .setClusterId(BrokerProperties.CLUSTER_ID)
                    .setControllerListenerName(BrokerProperties.CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(logDir)
                    .setDirectories(List.of(logDir))
                    .setWriteBootstrapSnapshot(true)
                    .setHasDynamicQuorum(false)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format Kafka log directory " + logDir, e);
        }
    }
}
