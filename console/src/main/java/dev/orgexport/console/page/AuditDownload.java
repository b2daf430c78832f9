package dev.orgexport.console.page;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.json.Json;
import java.util.List;

/**
 * The audit trail as a file: CSV (RFC 4180, one header line, every column) or JSON (an array of
 * objects shaped like the platform's AuditLogMessage, plus orgexport's own {@code context}).
 */
public final class AuditDownload {

    private static final List<String> CSV_COLUMNS = List.of("id", "eventDate", "orgId", "serviceName", "level", "action",
            "entityType", "entityId", "entityName", "status", "messageCode", "message", "region", "host", "httpStatus",
            "errorCode", "correlationId", "failureKind", "diagnosis", "runId", "attempt", "workerId");

    private AuditDownload() {
    }

    public static String csv(List<AuditEvent> events) {
        StringBuilder csv = new StringBuilder(256 + events.size() * 256);
        csv.append(String.join(",", CSV_COLUMNS)).append("\r\n");
        for (AuditEvent e : events) {
            AuditEvent.Context c = e.context();
            List<Object> values = java.util.Arrays.asList(e.id(), e.eventDate(), e.orgId(), e.serviceName(), e.level(),
                    e.action(), e.entityType(), e.entityId(), e.entityName(), e.status(), e.messageCode(), e.message(),
                    c.region(), c.host(), c.httpStatus(), c.errorCode(), c.correlationId(), c.failureKind(), c.diagnosis(),
                    c.runId(), c.attempt(), c.workerId());
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    csv.append(',');
                }
                csv.append(cell(values.get(i)));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    public static String json(List<AuditEvent> events) {
        ArrayNode array = Json.mapper().createArrayNode();
        for (AuditEvent e : events) {
            ObjectNode row = array.addObject();
            row.put("id", e.id().toString()).put("eventDate", e.eventDate().toString()).put("organizationId", e.orgId())
                    .put("serviceName", e.serviceName()).put("level", e.level()).put("action", e.action());
            row.putObject("entity").put("type", e.entityType()).put("id", e.entityId()).put("name", e.entityName());
            row.put("entityType", e.entityType()).put("status", e.status());
            row.putObject("messageInfo").put("localizableMessageCode", e.messageCode()).put("message", e.message());
            AuditEvent.Context c = e.context();
            ObjectNode context = row.putObject("context");
            context.put("region", c.region()).put("host", c.host()).put("httpStatus", c.httpStatus())
                    .put("errorCode", c.errorCode()).put("correlationId", c.correlationId())
                    .put("failureKind", c.failureKind()).put("diagnosis", c.diagnosis())
                    .put("runId", c.runId() == null ? null : c.runId().toString()).put("attempt", c.attempt())
                    .put("workerId", c.workerId());
        }
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(array) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serialises", e);
        }
    }

    /**
     * One CSV cell: quoted when it holds a comma, quote or line break; a cell that a spreadsheet
     * would run as a formula (= + - @ at the start) gets a leading apostrophe, since audit
     * messages quote what the platform and operators wrote.
     */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
