package dev.orgexport.cli.process;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.orgexport.cli.config.ConfigException;
import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.Settings;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** Applies {@code log.level} to orgexport's own loggers (the libraries stay at WARN). */
public final class LogLevels {

    private LogLevels() {
    }

    public static void apply(Configuration configuration) {
        String value = configuration.require(Settings.LOG_LEVEL).toUpperCase(Locale.ROOT);
        Level level = Level.toLevel(value, null);
        if (level == null) {
            throw new ConfigException(Settings.LOG_LEVEL.key() + " must be TRACE, DEBUG, INFO, WARN or ERROR, but was '" + value + "'");
        }
        if (LoggerFactory.getLogger("dev.orgexport") instanceof Logger logger) {
            logger.setLevel(level);
        }
    }
}
