package dev.orgexport.simulator;

import dev.orgexport.schema.task.ExportKind;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The platform operations the simulator serves, as named in stats and fault rules. The wire name
 * ({@link #key()}) is what YAML and the {@code /__sim/} admin API use.
 */
public enum Endpoint {
    OAUTH_TOKEN("oauth.token", null),
    TOKENS_ME("tokens.me", null),
    ORGANIZATIONS_ME("organizations.me", null),
    ORGANIZATION_LIMITS("organizations.limits", null),
    CONVERSATION_JOB_SUBMIT("conversation-jobs.submit", ExportKind.CONVERSATION_DETAILS),
    CONVERSATION_JOB_STATUS("conversation-jobs.status", ExportKind.CONVERSATION_DETAILS),
    CONVERSATION_JOB_RESULTS("conversation-jobs.results", ExportKind.CONVERSATION_DETAILS),
    CONVERSATION_JOB_CANCEL("conversation-jobs.cancel", ExportKind.CONVERSATION_DETAILS),
    CONVERSATION_JOB_AVAILABILITY("conversation-jobs.availability", ExportKind.CONVERSATION_DETAILS),
    USER_JOB_SUBMIT("user-jobs.submit", ExportKind.USER_DETAILS),
    USER_JOB_STATUS("user-jobs.status", ExportKind.USER_DETAILS),
    USER_JOB_RESULTS("user-jobs.results", ExportKind.USER_DETAILS),
    USER_JOB_CANCEL("user-jobs.cancel", ExportKind.USER_DETAILS),
    USER_JOB_AVAILABILITY("user-jobs.availability", ExportKind.USER_DETAILS),
    AUDIT_QUERY_SUBMIT("audit-query.submit", ExportKind.AUDIT_EVENTS),
    AUDIT_QUERY_STATUS("audit-query.status", ExportKind.AUDIT_EVENTS),
    AUDIT_QUERY_RESULTS("audit-query.results", ExportKind.AUDIT_EVENTS),
    /** A large audit result page behind a 302's {@code downloadUrl}: no bearer (the URL is the grant). */
    AUDIT_DOWNLOAD("audit-query.download", null),
    /** A path under a region that matches no operation (answered 404). */
    UNKNOWN("unknown", null);

    private final String key;
    private final ExportKind kind;

    Endpoint(String key, ExportKind kind) {
        this.key = key;
        this.kind = kind;
    }

    public String key() {
        return key;
    }

    /** The export kind whose permission this endpoint needs, or null when it needs none. */
    public ExportKind kind() {
        return kind;
    }

    /** Parses a wire name such as {@code tokens.me}, or the enum constant name. */
    public static Endpoint fromKey(String value) {
        for (Endpoint endpoint : values()) {
            if (endpoint.key.equals(value) || endpoint.name().equals(value)) {
                return endpoint;
            }
        }
        throw new IllegalArgumentException("unknown endpoint '" + value + "', expected one of "
                + Arrays.stream(values()).map(Endpoint::key).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return key;
    }
}
