package dev.orgexport.cli.process;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@code log.level} to orgexport's own loggers (the libraries stay at WARN). */
public final class LogLevels {

    private LogLevels() {
    }

    public static void apply(Level level) {
        if (LoggerFactory.getLogger("dev.orgexport") instanceof Logger logger) {
            logger.setLevel(level);
        }
    }
}
