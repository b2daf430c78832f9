package dev.orgexport.schema.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of the append-only {@code audit_event} table. The first fields mirror the platform's
 * AuditLogMessage (serviceName, level, action, entityType, entity id and name, status, message
 * code and text) so an operator reads both trails the same way; the rest is orgexport's own
 * context. Never holds a secret or a token. 
 */
public record AuditEvent(
        UUID id,
        Instant eventDate,
        String orgId,
        String serviceName,
        String level,
        String action,
        String entityType,
        String entityId,
        String entityName,
        String status,
        String messageCode,
        String message,
        Context context) {

    /** orgexport's own context of an event; every field may be null. */
    public record Context(String region, String host, Integer httpStatus, String errorCode,
                          String correlationId, String failureKind, String diagnosis, UUID runId,
                          Integer attempt, String workerId) {
        public static final Context NONE = new Context(null, null, null, null, null, null, null, null, null, null);
    }

    public AuditEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(eventDate, "eventDate");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(entityType, "entityType");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(messageCode, "messageCode");
        Objects.requireNonNull(message, "message");
        context = context == null ? Context.NONE : context;
    }
}
