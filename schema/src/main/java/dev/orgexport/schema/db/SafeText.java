package dev.orgexport.schema.db;

/**
 * Text made safe for a PostgreSQL {@code text} column, which cannot hold NUL and whose driver
 * cannot encode an unpaired UTF-16 surrogate: each such character becomes U+FFFD, and
 * {@link #replaced()} says that something was, so the row can be flagged rather than the write
 * failing forever on data a Kafka producer chose. Stateless.
 *
 * @param text     the safe text, null when the input was null
 * @param replaced true when at least one character was replaced
 */
public record SafeText(String text, boolean replaced) {

    /** The replacement for every unstorable character. */
    public static final char REPLACEMENT = '\uFFFD';

    public static SafeText of(String input) {
        if (input == null) {
            return new SafeText(null, false);
        }
        StringBuilder out = null;
        int length = input.length();
        for (int i = 0; i < length; i++) {
            char c = input.charAt(i);
            boolean bad;
            if (c == '\u0000') {
                bad = true;
            } else if (Character.isHighSurrogate(c)) {
                bad = i + 1 >= length || !Character.isLowSurrogate(input.charAt(i + 1));
                if (!bad) {
                    // a valid pair: copy both halves
                    if (out != null) {
                        out.append(c).append(input.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
            } else {
                bad = Character.isLowSurrogate(c);
            }
            if (bad && out == null) {
                out = new StringBuilder(length).append(input, 0, i);
            }
            if (out != null) {
                out.append(bad ? REPLACEMENT : c);
            }
        }
        return out == null ? new SafeText(input, false) : new SafeText(out.toString(), true);
    }

    /** The safe form of {@code input}, when the caller does not need to know whether it changed. */
    public static String clean(String input) {
        return of(input).text();
    }

    /**
     * For a log line: safe text with control characters (CR, LF, tab and the rest) escaped as
     * {@code \\uXXXX} and cut to {@code max} characters, so a producer cannot forge log lines or
     * write huge ones.
     */
    public static String forLog(String input, int max) {
        if (input == null) {
            return "null";
        }
        String safe = clean(input);
        StringBuilder out = new StringBuilder(Math.min(safe.length(), max) + 8);
        for (int i = 0; i < safe.length() && out.length() < max; i++) {
            char c = safe.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= max && safe.length() > max) {
            out.append("...");
        }
        return out.toString();
    }
}
