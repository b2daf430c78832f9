package dev.orgexport.cli.process;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Sends every log line of this JVM to a file, so that the terminal of {@code demo} and
 * {@code standalone} keeps the story (progress, results, addresses). With {@code verbose} the
 * console appenders stay as well. {@link #close()} puts the console appenders back, so a test
 * JVM that runs the demo keeps its own logging afterwards.
 *
 * <p>When logback is not the SLF4J backend nothing is redirected and {@link #path()} says so.
 */
public final class LogFile implements AutoCloseable {

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSX,UTC} %-5level [%thread] %logger{0} %msg%n";

    private final Path path;
    private final Logger root;
    private final FileAppender<ILoggingEvent> file;
    private final List<Appender<ILoggingEvent>> detached;

    private LogFile(Path path, Logger root, FileAppender<ILoggingEvent> file, List<Appender<ILoggingEvent>> detached) {
        this.path = path;
        this.root = root;
        this.file = file;
        this.detached = detached;
    }

    /**
     * Appends log lines to {@code path} (its directory is created); unless {@code verbose}, the
     * console appenders of the root logger are detached until {@link #close()}.
     */
    public static LogFile redirect(Path path, boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new LogFile(null, null, null, List.of());
        }
        try {
            Files.createDirectories(path.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the log file " + path, e);
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("orgexport-log-file");
        file.setFile(path.toAbsolutePath().toString());
        file.setAppend(true);
        file.setEncoder(encoder);
        file.start();
        if (!file.isStarted()) {
            throw new IllegalStateException("cannot write the log file " + path + " (see logback's status messages)");
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(file);
        List<Appender<ILoggingEvent>> detached = new ArrayList<>();
        if (!verbose) {
            for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
                Appender<ILoggingEvent> appender = it.next();
                if (appender != file) {
                    detached.add(appender);
                }
            }
            detached.forEach(root::detachAppender);
        }
        return new LogFile(path.toAbsolutePath(), root, file, detached);
    }

    /** The file the log lines go to, or null when logback is not the backend. */
    public Path path() {
        return path;
    }

    /** What to tell the user: where the log lines are. */
    public String describe() {
        return path == null ? "log lines: on standard error (logback is not the logging backend)" : "log lines: " + path;
    }

    @Override
    public void close() {
        if (root == null) {
            return;
        }
        detached.forEach(root::addAppender);
        root.detachAppender(file);
        file.stop();
    }
}
