package dev.orgexport.platform.api;

import dev.orgexport.schema.task.ExportKind;
import java.nio.charset.StandardCharsets;

/** The URL paths and result array names of each export kind (platform-facts.md "Async bulk exports"). */
enum ExportPaths {
    CONVERSATIONS("/api/v2/analytics/conversations/details/jobs", "conversations", true),
    USERS("/api/v2/analytics/users/details/jobs", "userDetails", true),
    AUDITS("/api/v2/audits/query", "entities", false);

    private final String base;
    private final String recordsField;
    private final boolean analyticsJob;

    ExportPaths(String base, String recordsField, boolean analyticsJob) {
        this.base = base;
        this.recordsField = recordsField;
        this.analyticsJob = analyticsJob;
    }

    static ExportPaths of(ExportKind kind) {
        return switch (kind) {
            case CONVERSATION_DETAILS -> CONVERSATIONS;
            case USER_DETAILS -> USERS;
            case AUDIT_EVENTS -> AUDITS;
        };
    }

    /** The submit path, and the prefix of every other path. */
    String base() {
        return base;
    }

    String job(String jobId) {
        return base + "/" + segment(jobId);
    }

    /** A path template for failure reports: ids are not part of it. */
    String jobTemplate() {
        return base + (analyticsJob ? "/{jobId}" : "/{id}");
    }

    String results(String jobId, String cursor, int pageSize) {
        StringBuilder path = new StringBuilder(job(jobId)).append("/results?pageSize=").append(pageSize);
        if (cursor != null) {
            path.append("&cursor=").append(segment(cursor));
        }
        return path.toString();
    }

    String availability() {
        return base + "/availability";
    }

    String recordsField() {
        return recordsField;
    }

    /** Analytics jobs (cancel, availability) as opposed to audit queries (neither). */
    boolean analyticsJob() {
        return analyticsJob;
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters. */
    static String segment(String value) {
        StringBuilder encoded = new StringBuilder(value.length() + 8);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit((c >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return encoded.toString();
    }
}
