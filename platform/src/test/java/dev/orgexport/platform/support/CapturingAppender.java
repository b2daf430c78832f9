package dev.orgexport.platform.support;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Keeps every log line of the test JVM (message, arguments, stack traces) for scanning. */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> {

    private static final ConcurrentLinkedQueue<String> LINES = new ConcurrentLinkedQueue<>();

    @Override
    protected void append(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(event.getLevel().toString()).append(' ')
                .append(event.getThreadName()).append(' ').append(event.getLoggerName()).append(' ')
                .append(event.getFormattedMessage());
        if (event.getThrowableProxy() != null) {
            line.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        LINES.add(line.toString());
    }

    /** Everything logged so far in this JVM. */
    public static List<String> lines() {
        return List.copyOf(LINES);
    }
}
