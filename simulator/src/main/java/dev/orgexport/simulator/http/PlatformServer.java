package dev.orgexport.simulator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig.Tls;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP listener (and, with TLS configured, an HTTPS listener) on 127.0.0.1, both answering
 * through one {@link RequestRouter} on a bounded pool of named threads ({@code sim-http-N}).
 *
 * <p>Why Jetty and not the JDK's {@code HttpServer}: the JDK server rewrites every response
 * header name to "first letter upper, rest lower", so {@code ININ-Correlation-Id} would go out as
 * {@code Inin-correlation-id}; the official SDK looks the correlation id up case-sensitively and
 * would never find it. Jetty writes header names as given.
 */
public final class PlatformServer implements AutoCloseable {

    private static final int MAX_THREADS = 16;

    private final Server server;
    private final ServerConnector http;
    private final ServerConnector https;

    private PlatformServer(Server server, ServerConnector http, ServerConnector https) {
        this.server = server;
        this.http = http;
        this.https = https;
    }

    /**
     * Binds and starts the listeners.
     *
     * @param scheduler runs delayed (latency-faulted) requests; owned by the caller
     * @throws IllegalStateException naming the port when binding fails, IllegalArgumentException for a bad key store
     */
    public static PlatformServer start(Services services, Simulator simulator, String host, int port, Tls tls,
                                       ScheduledExecutorService scheduler) {
        // Bounded threads; the queue is Jetty's default (unbounded) because Jetty queues its own
        // internal tasks there and warns that a bounded queue can stall them. Back-pressure comes
        // from the selector: a connection is not read while its previous request is in progress.
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4, 60_000);
        threads.setName("sim-http");
        threads.setDaemon(true);
        Server server = new Server(threads, new ScheduledExecutorScheduler("sim-jetty-scheduler", true), null);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        ServerConnector http = new ServerConnector(server, 1, 1, new HttpConnectionFactory(config));
        http.setHost(host);
        http.setPort(port);
        server.addConnector(http);
        ServerConnector https = null;
        if (tls != null) {
            SslContextFactory.Server ssl = new SslContextFactory.Server();
            ssl.setKeyStorePath(tls.keyStore().toString());
            ssl.setKeyStorePassword(tls.keyStorePassword());
            ssl.setKeyStoreType("PKCS12");
            HttpConfiguration secure = new HttpConfiguration(config);
            SecureRequestCustomizer customizer = new SecureRequestCustomizer();
            // Clients reach every region's host names on this one listener; the certificate holds them all.
            customizer.setSniHostCheck(false);
            secure.addCustomizer(customizer);
            https = new ServerConnector(server, 1, 1, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(secure));
            https.setHost(host);
            https.setPort(tls.port());
            server.addConnector(https);
        }
        ObjectMapper mapper = new ObjectMapper();
        Responder responder = new Responder(mapper, services.stats());
        server.setHandler(new RequestRouter(services, responder, new AdminHandler(simulator, responder), scheduler, threads));
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            if (tls != null && e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("keystore")) {
                throw new IllegalArgumentException("tls.keyStore " + tls.keyStore() + " cannot be used: " + e.getMessage(), e);
            }
            throw new IllegalStateException("cannot start the simulator on " + host + ":" + port
                    + (tls == null ? "" : " (https " + tls.port() + ")") + ": " + e.getMessage(), e);
        }
        return new PlatformServer(server, http, https);
    }

    public int port() {
        return http.getLocalPort();
    }

    /** The HTTPS port, or -1 without TLS. */
    public int httpsPort() {
        return https == null ? -1 : https.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the simulator's server did not stop cleanly", e);
        }
    }

    /** Names every thread {@code <prefix><n>}. */
    public static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
