package dev.orgexport.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.orgexport.console.action.ConsoleActions;
import dev.orgexport.console.action.Diagnostics;
import dev.orgexport.console.auth.OperatorAuth;
import dev.orgexport.console.auth.Sessions;
import dev.orgexport.console.auth.SignInThrottle;
import dev.orgexport.console.http.Request;
import dev.orgexport.console.http.Response;
import dev.orgexport.console.page.Layout;
import dev.orgexport.console.page.LoginPage;
import dev.orgexport.console.read.AuditSearch;
import dev.orgexport.console.read.ConsoleReads;
import dev.orgexport.platform.secret.SecretResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's web console: server-rendered pages under {@code /console} on a JDK
 * {@link HttpServer} (the one that serves {@code /metrics} and {@code /health/*}), with
 * {@code /} redirecting to it. Pages: overview, org, audit trail (with CSV and JSON downloads),
 * sign-in, and the actions (diagnose, pause, resume, release, backfill), each confirmed on a
 * page of its own and recorded in the audit trail with the operator. Every answer carries a
 * strict Content-Security-Policy (no script at all) and is not cached. Thread-safe.
 */
public final class Console implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(Console.class);
    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    private final ConsoleRoutes routes;
    private final byte[] stylesheet;

    private Console(ConsoleRoutes routes, byte[] stylesheet) {
        this.routes = routes;
        this.stylesheet = stylesheet;
    }

    /**
     * @param diagnostics the process's way to diagnose an org (its platform gateway)
     * @param secrets     resolves the configured credentials' references
     */
    public static Console create(DataSource dataSource, Clock clock, ConsoleConfig config, Diagnostics diagnostics,
                                 SecretResolver secrets) {
        Objects.requireNonNull(dataSource, "dataSource");
        OperatorAuth auth = new OperatorAuth(config, secrets, new Sessions(clock, config.sessionLifetime()),
                new SignInThrottle(clock));
        ConsoleRoutes routes = new ConsoleRoutes(clock, auth, new ConsoleReads(dataSource), new AuditSearch(dataSource),
                new ConsoleActions(dataSource, clock, diagnostics));
        try (InputStream css = Console.class.getResourceAsStream("style.css")) {
            return new Console(routes, Objects.requireNonNull(css, "style.css is packaged with the console").readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the console's stylesheet", e);
        }
    }

    /** Serves the console on {@code server} under {@value Layout#ROOT}, and redirects {@code /} there. */
    public void mount(HttpServer server) {
        server.createContext(Layout.ROOT, this);
        server.createContext("/", exchange -> {
            try (exchange) {
                boolean root = "/".equals(exchange.getRequestURI().getPath());
                write(exchange, root ? Response.redirect(Layout.ROOT + "/") : Response.text(404, "text/plain; charset=utf-8",
                        "not found; the console is at " + Layout.ROOT + "/\n"));
            }
        });
        if (!routes.auth().config().authConfigured()) {
            log.warn("console served at {}/ without operator credentials: set {} or {} to allow sign-in and actions",
                    Layout.ROOT, ConsoleConfig.TOKEN_KEY, ConsoleConfig.BASIC_KEY);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Response response;
            try {
                Request request = Request.read(exchange, Layout.ROOT);
                if ("/style.css".equals(request.path())) {
                    response = new Response(200, "text/css; charset=utf-8", java.util.Map.of("Cache-Control", "max-age=3600"),
                            stylesheet);
                } else {
                    response = routes.route(request);
                }
            } catch (IOException | IllegalArgumentException e) {
                // A body over the limit, or a malformed %-escape in the path, query or form.
                response = Response.html(400, LoginPage.problem("Cannot read the request", e.getMessage(), null));
            } catch (RuntimeException e) {
                log.error("console request {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                response = Response.html(500, LoginPage.problem("Something went wrong",
                        "The console could not answer (" + e.getClass().getSimpleName() + "); the process log has the details.", null));
            }
            write(exchange, response);
        }
    }

    private static void write(HttpExchange exchange, Response response) throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", response.contentType());
        headers.set("Content-Security-Policy", CSP);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("X-Frame-Options", "DENY");
        // same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with every form, and the
        // CSRF check reads Origin.
        headers.set("Referrer-Policy", "same-origin");
        if (!response.headers().containsKey("Cache-Control")) {
            headers.set("Cache-Control", "no-store");
        }
        response.headers().forEach(headers::set);
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), head ? -1 : response.body().length == 0 ? -1 : response.body().length);
        if (!head && response.body().length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        }
    }
}
