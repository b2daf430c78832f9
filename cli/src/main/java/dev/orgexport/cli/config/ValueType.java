package dev.orgexport.cli.config;

import dev.orgexport.platform.secret.SecretRef;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the text of one configuration value becomes a typed value. Only the form is checked here
 * (a number, a duration...); ranges and relations between keys are checked by the module's
 * config record the value ends up in, so each rule lives once.
 *
 * @param <T> the value's Java type
 */
public interface ValueType<T> {

    /** Parses the text, or throws {@link IllegalArgumentException} whose message is the rule (e.g. "must be a whole number"). */
    T parse(String text);

    /** The text of a value of this type as the README shows defaults. */
    default String format(T value) {
        return String.valueOf(value);
    }

    /** Whether the value is a reference to a secret whose text must never be shown. */
    default boolean secret() {
        return false;
    }

    ValueType<String> TEXT = text -> {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        return text;
    };

    ValueType<Integer> INTEGER = text -> {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a whole number");
        }
    };

    ValueType<Double> DECIMAL = text -> {
        try {
            double value = Double.parseDouble(text);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a decimal number such as 0.75");
        }
    };

    ValueType<Boolean> BOOLEAN = text -> switch (text.toLowerCase(Locale.ROOT)) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("must be true or false");
    };

    ValueType<Duration> DURATION = new DurationType();

    /**
     * {@code env:NAME} or {@code file:/path}. The error never contains the value: a literal
     * given where a reference belongs is usually the secret itself.
     */
    ValueType<SecretRef> SECRET_REFERENCE = new ValueType<>() {
        @Override
        public SecretRef parse(String text) {
            try {
                return SecretRef.parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be a secret reference, env:NAME or file:/absolute/path; the value "
                        + "given is not one (value not shown, as it may be the secret itself)");
            }
        }

        @Override
        public boolean secret() {
            return true;
        }
    };

    /** ISO-8601 ({@code PT30S}, {@code P7D}) or a number with a unit: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 2h}, {@code 7d}. */
    final class DurationType implements ValueType<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d{1,12})(ms|s|m|h|d)");

        @Override
        public Duration parse(String text) {
            Matcher shortForm = SHORT.matcher(text);
            if (shortForm.matches()) {
                long amount = Long.parseLong(shortForm.group(1));
                return switch (shortForm.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
            }
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("must be a duration such as PT30S, P7D, 500ms, 30s, 2m, 2h or 7d");
            }
        }

        /** Whole days as {@code P7D}, anything else as {@link Duration#toString()} ({@code PT0.5S}). */
        @Override
        public String format(Duration value) {
            if (!value.isZero() && value.toSeconds() % 86_400 == 0 && value.getNano() == 0) {
                return "P" + value.toDays() + "D";
            }
            return value.toString();
        }
    }
}
