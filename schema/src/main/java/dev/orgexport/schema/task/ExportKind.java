package dev.orgexport.schema.task;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The kinds of bulk export orgexport runs, with the name used on the wire (Kafka records,
 * {@code orgs.yaml}, file paths) and the platform permission each one needs.
 */
public enum ExportKind {
    CONVERSATION_DETAILS("conversation-details", "analytics:conversationDetail:view"),
    USER_DETAILS("user-details", "analytics:userDetail:view"),
    AUDIT_EVENTS("audit-events", "audits:audit:view");

    private final String wireName;
    private final String permission;

    ExportKind(String wireName, String permission) {
        this.wireName = wireName;
        this.permission = permission;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** The platform permission a client needs to run this export. */
    public String permission() {
        return permission;
    }

    /**
     * Parses a wire name such as {@code conversation-details}.
     *
     * @throws IllegalArgumentException naming the value and the valid kinds
     */
    @JsonCreator
    public static ExportKind fromWireName(String value) {
        for (ExportKind kind : values()) {
            if (kind.wireName.equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown export kind '" + value + "', expected one of "
                + Arrays.stream(values()).map(ExportKind::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
