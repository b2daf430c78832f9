package dev.orgexport.cli.config;

import static dev.orgexport.cli.config.Role.ORCHESTRATOR;
import static dev.orgexport.cli.config.Role.WORKER;

/** Keys of a long-running process itself: operations endpoints and logging. */
public final class ProcessKeys {

    public static final Key<Integer> HTTP_PORT = Key.of("http.port", ValueType.INTEGER, 0,
            "Port of /metrics, /health/live and /health/ready of orchestrator and worker (0: off; 0-65535).",
            ORCHESTRATOR, WORKER);
    public static final Key<String> LOG_LEVEL = Key.of("log.level", ValueType.TEXT, "INFO",
            "Level of orgexport's own loggers: TRACE, DEBUG, INFO, WARN or ERROR.", ORCHESTRATOR, WORKER);

    private ProcessKeys() {
    }
}
