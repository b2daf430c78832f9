package dev.orgexport.platform.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.io.UncheckedIOException;

/** The submit bodies of platform-facts.md, one per export kind. */
final class ExportRequests {

    private ExportRequests() {
    }

    static byte[] submitBody(ObjectMapper mapper, ExportKind kind, TimeWindow window, String auditServiceName) {
        ObjectNode body = mapper.createObjectNode().put("interval", window.toInterval());
        switch (kind) {
            case CONVERSATION_DETAILS -> {
                // The platform's defaults, spelled out so a change of default cannot change an export.
                body.put("order", "asc").put("orderBy", "conversationStart");
                body.putArray("conversationFilters");
                body.putArray("segmentFilters");
                body.put("startOfDayIntervalMatching", false);
            }
            case USER_DETAILS -> body.put("order", "asc");
            case AUDIT_EVENTS -> {
                if (auditServiceName != null) {
                    body.put("serviceName", auditServiceName);
                }
                body.putArray("filters");
                body.putArray("sort").addObject().put("name", "Timestamp").put("sortOrder", "ascending");
            }
        }
        try {
            return mapper.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
