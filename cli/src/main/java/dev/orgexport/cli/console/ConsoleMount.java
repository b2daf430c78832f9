package dev.orgexport.cli.console;

import com.sun.net.httpserver.HttpServer;
import dev.orgexport.cli.operator.DiagnoseCommand;
import dev.orgexport.console.Console;
import dev.orgexport.console.ConsoleConfig;
import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.secret.SecretResolver;
import java.time.Clock;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * The web console as a process serves it on its operations port (orchestrator, demo,
 * standalone): the console over the process's PostgreSQL, diagnosing with a platform gateway of
 * its own that is built on the first diagnosis and closed with this object.
 */
public final class ConsoleMount implements Consumer<HttpServer>, AutoCloseable {

    private final Console console;
    private final PlatformSettings platform;
    private PlatformGateway gateway;

    private ConsoleMount(DataSource dataSource, ConsoleConfig config, PlatformSettings platform) {
        this.platform = platform;
        this.console = Console.create(dataSource, Clock.systemUTC(), config,
                (org, probe) -> DiagnoseCommand.diagnose(gateway(), org, probe), SecretResolver.system());
    }

    /** @param platform how diagnoses reach the platform (the process's {@code platform.*} settings) */
    public static ConsoleMount of(DataSource dataSource, ConsoleConfig config, PlatformSettings platform) {
        return new ConsoleMount(dataSource, config, platform);
    }

    @Override
    public void accept(HttpServer server) {
        console.mount(server);
    }

    private synchronized PlatformGateway gateway() {
        if (gateway == null) {
            gateway = PlatformGateway.builder(platform).build();
        }
        return gateway;
    }

    @Override
    public synchronized void close() {
        if (gateway != null) {
            gateway.close();
            gateway = null;
        }
    }
}
