package dev.orgexport.schema.run;

import java.util.Objects;

/**
 * Why an attempt of a run did not succeed: a failure kind (the platform's classification, such
 * as {@code CREDENTIALS_REJECTED}, or a worker one such as {@code SINK_IO}) and a message for
 * the operator. The message must never contain a secret or a token; it is cut to
 * {@value #MAX_MESSAGE_LENGTH} characters.
 */
public record RunFailure(String kind, String message) {

    public static final int MAX_MESSAGE_LENGTH = 2000;

    /** The worker's own kinds, beside the platform's failure kinds. */
    public static final String ORG_QUARANTINED = "ORG_QUARANTINED";
    public static final String DATA_NOT_AVAILABLE = "DATA_NOT_AVAILABLE";
    public static final String SINK_IO = "SINK_IO";
    public static final String WORKER_ERROR = "WORKER_ERROR";
    /** Paging guards (reliability review M6): the results cursor came back, never ended, or the job was too big. */
    public static final String CURSOR_REPEATED = "CURSOR_REPEATED";
    public static final String CURSOR_ENDLESS = "CURSOR_ENDLESS";
    public static final String PAGE_LIMIT = "PAGE_LIMIT";
    public static final String BYTES_LIMIT = "BYTES_LIMIT";
    /** The platform's long (daily) rate limit: the org is parked until the time the platform gave. */
    public static final String ORG_PARKED = "ORG_PARKED";

    public RunFailure {
        Objects.requireNonNull(kind, "failure kind");
        if (kind.isBlank()) {
            throw new IllegalArgumentException("failure kind must not be blank");
        }
        message = message == null ? "" : message;
        if (message.length() > MAX_MESSAGE_LENGTH) {
            message = message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
        }
    }
}
