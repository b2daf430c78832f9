package dev.orgexport.simulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.data.RecordQuery;
import dev.orgexport.simulator.data.RecordQuery.AuditFilter;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses the job and query bodies into {@link RecordQuery}s; every malformed part is a 400 that
 * names it. Filters the simulator cannot apply are refused rather than ignored, so a client never
 * believes it got a filtered export when it did not.
 */
final class RequestBodies {

    private final ObjectMapper mapper;

    RequestBodies(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    RecordQuery detailsQuery(byte[] body, String orgId, ExportKind kind) {
        JsonNode root = parse(body);
        Instant[] interval = interval(root);
        for (String filter : List.of("conversationFilters", "segmentFilters", "evaluationFilters", "surveyFilters",
                "resolutionFilters", "userFilters", "presenceFilters", "routingStatusFilters")) {
            JsonNode value = root.get(filter);
            if (value != null && !value.isNull() && !(value.isArray() && value.isEmpty())) {
                throw PlatformException.badRequest(filter + " are not supported by the simulator; send an empty list");
            }
        }
        String order = text(root, "order", "asc");
        if (!order.equals("asc") && !order.equals("desc")) {
            throw PlatformException.badRequest("order must be asc or desc, but was '" + order + "'");
        }
        String orderBy = text(root, "orderBy", "conversationStart");
        if (!orderBy.equals("conversationStart")) {
            throw PlatformException.badRequest("orderBy '" + orderBy + "' is not supported by the simulator; use conversationStart");
        }
        return new RecordQuery(orgId, kind, interval[0], interval[1], null, List.of(), order.equals("asc"));
    }

    RecordQuery auditQuery(byte[] body, String orgId) {
        JsonNode root = parse(body);
        Instant[] interval = interval(root);
        String serviceName = text(root, "serviceName", null);
        List<AuditFilter> filters = new ArrayList<>();
        JsonNode filterNodes = root.get("filters");
        if (filterNodes != null && !filterNodes.isNull()) {
            if (!filterNodes.isArray()) {
                throw PlatformException.badRequest("filters must be a list");
            }
            for (JsonNode filter : filterNodes) {
                try {
                    filters.add(new AuditFilter(text(filter, "property", null), text(filter, "value", "")));
                } catch (IllegalArgumentException | NullPointerException e) {
                    throw PlatformException.badRequest("Invalid filter " + filter + ": " + e.getMessage());
                }
            }
        }
        boolean ascending = true;
        JsonNode sort = root.get("sort");
        if (sort != null && sort.isArray() && !sort.isEmpty()) {
            String name = text(sort.get(0), "name", "Timestamp");
            String sortOrder = text(sort.get(0), "sortOrder", "ascending").toLowerCase(java.util.Locale.ROOT);
            if (!name.equals("Timestamp") || !(sortOrder.equals("ascending") || sortOrder.equals("descending"))) {
                throw PlatformException.badRequest("sort must be by Timestamp, ascending or descending, but was " + sort.get(0));
            }
            ascending = sortOrder.equals("ascending");
        }
        return new RecordQuery(orgId, ExportKind.AUDIT_EVENTS, interval[0], interval[1], serviceName, filters, ascending);
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw PlatformException.badRequest("The request body is required");
        }
        try {
            JsonNode root = mapper.readTree(body);
            if (root == null || !root.isObject()) {
                throw PlatformException.badRequest("The request body must be a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw PlatformException.badRequest("The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw PlatformException.badRequest("The request body cannot be read");
        }
    }

    private static Instant[] interval(JsonNode root) {
        String interval = text(root, "interval", null);
        if (interval == null) {
            throw PlatformException.badRequest("interval is required");
        }
        String[] parts = interval.split("/");
        if (parts.length != 2) {
            throw PlatformException.badRequest("interval must be <start>/<end> in ISO-8601, but was '" + interval + "'");
        }
        Instant start = instant(parts[0], interval);
        Instant end = instant(parts[1], interval);
        if (!end.isAfter(start)) {
            throw PlatformException.badRequest("interval end must be after its start, but was '" + interval + "'");
        }
        return new Instant[] {start, end};
    }

    static Instant instant(String value, String context) {
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeException e) {
            throw PlatformException.badRequest("'" + value + "' in '" + context + "' is not an ISO-8601 date-time with offset");
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual()) {
            throw PlatformException.badRequest(field + " must be a string, but was " + value);
        }
        return value.asText();
    }
}
