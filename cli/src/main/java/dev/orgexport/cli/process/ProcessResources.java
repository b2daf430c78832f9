package dev.orgexport.cli.process;

import com.sun.net.httpserver.HttpServer;
import dev.orgexport.cli.ops.OpsServer;
import dev.orgexport.cli.ops.ReadinessChecks;
import dev.orgexport.schema.db.Database;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * What a long-running orgexport process (orchestrator, worker) holds besides its own component:
 * the migrated PostgreSQL pool, the Prometheus registry, a Kafka admin client (topics,
 * readiness) and, when a port is configured, the operations endpoints. Closed in reverse order.
 */
final class ProcessResources implements AutoCloseable {

    private final Database database;
    private final PrometheusMeterRegistry meters;
    private final Admin admin;
    private final JvmGcMetrics gcMetrics;
    private final AtomicBoolean closed = new AtomicBoolean();
    private OpsServer ops;
    private Consumer<HttpServer> mounts = server -> { };

    private ProcessResources(Database database, PrometheusMeterRegistry meters, Admin admin, JvmGcMetrics gcMetrics) {
        this.database = database;
        this.meters = meters;
        this.admin = admin;
        this.gcMetrics = gcMetrics;
    }

    /** Opens PostgreSQL (migrating it), connects to Kafka and creates the missing topics. */
    static ProcessResources open(ProcessSettings settings) throws InterruptedException {
        Database database = Database.open(settings.database());
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(meters);
        Admin admin = Admin.create(adminProperties(settings));
        ProcessResources resources = new ProcessResources(database, meters, admin, gc);
        try {
            Topics.ensure(admin, settings);
        } catch (RuntimeException | InterruptedException e) {
            resources.close();
            throw e;
        }
        return resources;
    }

    /** The admin client gets the same passthrough properties (security, TLS) as every other Kafka client. */
    static Map<String, Object> adminProperties(ProcessSettings settings) {
        Map<String, Object> properties = new HashMap<>(settings.kafkaClientProperties());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "orgexport-admin");
        return properties;
    }

    /** Adds what the component serves on the operations port (the web console); call before {@link #serveOps}. */
    void mount(Consumer<HttpServer> more) {
        mounts = mounts.andThen(more);
    }

    /**
     * Serves /metrics, /health/* and what was mounted on the port, unless it is 0; {@code own} adds
     * the component's checks.
     */
    void serveOps(int port, Map<String, OpsServer.ReadinessCheck> own) throws IOException {
        if (port == 0) {
            return;
        }
        Map<String, OpsServer.ReadinessCheck> checks = new LinkedHashMap<>();
        checks.put("postgresql", ReadinessChecks.postgres(database.dataSource()));
        checks.put("kafka", ReadinessChecks.kafka(admin));
        checks.putAll(own);
        ops = OpsServer.start(port, meters, checks, mounts);
    }

    Database database() {
        return database;
    }

    PrometheusMeterRegistry meters() {
        return meters;
    }

    /** Idempotent: called by the shutdown hook and again when the command returns. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        if (ops != null) {
            ops.close();
        }
        admin.close();
        gcMetrics.close();
        meters.close();
        database.close();
    }
}
