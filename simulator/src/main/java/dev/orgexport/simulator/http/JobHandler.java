package dev.orgexport.simulator.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.data.RecordQuery;
import dev.orgexport.simulator.http.ApiGate.Caller;
import dev.orgexport.simulator.jobs.Job;
import dev.orgexport.simulator.jobs.JobState;
import dev.orgexport.simulator.jobs.JobStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The async export APIs: conversation and user details jobs (submit, status, results, cancel,
 * availability) and audit queries (submit, status, results). Results are paged by an opaque
 * cursor, absent on the last page.
 */
final class JobHandler {

    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final int DETAILS_DEFAULT_PAGE = 1000;
    private static final int DETAILS_MAX_PAGE = 10_000;
    private static final int AUDIT_DEFAULT_PAGE = 25;
    private static final int AUDIT_MAX_PAGE = 500;

    private final Services services;
    private final Responder responder;
    private final RequestBodies bodies;

    JobHandler(Services services, Responder responder) {
        this.services = services;
        this.responder = responder;
        this.bodies = new RequestBodies(responder.mapper());
    }

    void submitDetails(Call call, Caller caller, ExportKind kind) throws IOException {
        RecordQuery query = bodies.detailsQuery(call.body(), caller.grant().orgId(), kind);
        Job job = services.jobs().submit(query);
        ObjectNode body = responder.mapper().createObjectNode();
        body.put("jobId", job.id());
        responder.json(call, 202, body);
    }

    void detailsStatus(Call call, Caller caller, ExportKind kind) throws IOException {
        Job job = find(call, caller, kind);
        JobStatus status = services.jobs().status(job);
        ObjectNode body = responder.mapper().createObjectNode();
        body.put("state", status.state().name());
        if (status.errorMessage() != null) {
            body.put("errorMessage", status.errorMessage());
        }
        body.put("submissionDate", iso(status.submitted()));
        if (status.completion() != null) {
            body.put("completionDate", iso(status.completion()));
        }
        if (status.expiration() != null) {
            body.put("expirationDate", iso(status.expiration()));
        }
        responder.json(call, 200, body);
    }

    void detailsResults(Call call, Caller caller, ExportKind kind) throws IOException {
        Job job = find(call, caller, kind);
        Page page = page(call, job, DETAILS_DEFAULT_PAGE, DETAILS_MAX_PAGE);
        ObjectNode body = responder.mapper().createObjectNode();
        if (!page.records.isEmpty()) {
            body.putArray(kind == ExportKind.CONVERSATION_DETAILS ? "conversations" : "userDetails").addAll(page.records);
        }
        if (page.cursor != null) {
            body.put("cursor", page.cursor);
        }
        body.put("dataAvailabilityDate", iso(availability()));
        responder.json(call, 200, body);
    }

    void cancel(Call call, Caller caller, ExportKind kind) throws IOException {
        Job job = find(call, caller, kind);
        JobState state = services.jobs().cancel(job);
        if (state != JobState.CANCELLED) {
            throw PlatformException.badRequest("Job " + job.id() + " cannot be cancelled in state " + state);
        }
        responder.empty(call, 202);
    }

    void availability(Call call) throws IOException {
        ObjectNode body = responder.mapper().createObjectNode();
        body.put("dataAvailabilityDate", iso(availability()));
        responder.json(call, 200, body);
    }

    void submitAudit(Call call, Caller caller) throws IOException {
        RecordQuery query = bodies.auditQuery(call.body(), caller.grant().orgId());
        Job job = services.jobs().submit(query);
        responder.json(call, 200, auditStatus(job, false));
    }

    void auditStatus(Call call, Caller caller) throws IOException {
        responder.json(call, 200, auditStatus(find(call, caller, ExportKind.AUDIT_EVENTS), true));
    }

    void auditResults(Call call, Caller caller) throws IOException {
        Job job = find(call, caller, ExportKind.AUDIT_EVENTS);
        Page page = page(call, job, AUDIT_DEFAULT_PAGE, AUDIT_MAX_PAGE);
        ObjectNode body = responder.mapper().createObjectNode();
        body.put("id", job.id());
        body.put("pageSize", page.size);
        if (page.cursor != null) {
            body.put("cursor", page.cursor);
        }
        body.putArray("entities").addAll(page.records);
        responder.json(call, 200, body);
    }

    private ObjectNode auditStatus(Job job, boolean withQuery) {
        JobStatus status = services.jobs().status(job);
        RecordQuery query = job.query();
        ObjectNode body = responder.mapper().createObjectNode();
        body.put("id", job.id());
        body.put("state", status.state().auditName());
        body.put("startDate", iso(job.submitted()));
        body.put("interval", iso(query.start()) + "/" + iso(query.end()));
        if (query.serviceName() != null) {
            body.put("serviceName", query.serviceName());
        }
        if (withQuery) {
            ArrayNode filters = body.putArray("filters");
            query.filters().forEach(f -> filters.addObject().put("property", f.property()).put("value", f.value()));
            body.putArray("sort").addObject().put("name", "Timestamp").put("sortOrder", query.ascending() ? "ascending" : "descending");
        }
        return body;
    }

    private Job find(Call call, Caller caller, ExportKind kind) {
        return services.jobs().find(caller.grant().orgId(), kind, call.route.id())
                .orElseThrow(() -> PlatformException.notFound("Job " + call.route.id() + " was not found"));
    }

    private record Page(List<JsonNode> records, String cursor, int size) {
    }

    private Page page(Call call, Job job, int defaultSize, int maxSize) {
        JobStatus status = services.jobs().status(job);
        if (status.state() != JobState.FULFILLED) {
            throw PlatformException.badRequest("Results of job " + job.id() + " are not available in state " + status.state());
        }
        Map<String, String> params = call.query();
        int size = defaultSize;
        if (params.containsKey("pageSize")) {
            try {
                size = Integer.parseInt(params.get("pageSize"));
            } catch (NumberFormatException e) {
                throw PlatformException.badRequest("pageSize must be a number, but was '" + params.get("pageSize") + "'");
            }
            if (size < 1 || size > maxSize) {
                throw PlatformException.badRequest("pageSize must be between 1 and " + maxSize + ", but was " + size);
            }
        }
        List<ObjectNode> all = services.data().records(job.query());
        int offset = offset(params.get("cursor"), job, all.size());
        int end = Math.min(all.size(), offset + size);
        String next = end < all.size() ? cursor(job, end) : null;
        return new Page(List.copyOf(all.subList(offset, end)), next, size);
    }

    private static String cursor(Job job, int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((job.id() + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String cursor, Job job, int total) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = decoded.lastIndexOf(':');
            int offset = Integer.parseInt(decoded.substring(colon + 1));
            if (colon > 0 && decoded.substring(0, colon).equals(job.id()) && offset >= 0 && offset <= total) {
                return offset;
            }
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // falls through to the 400 below: a cursor that does not decode is the client's error
        }
        throw PlatformException.badRequest("The cursor '" + cursor + "' is not valid for job " + job.id());
    }

    private Instant availability() {
        return services.clock().instant().minus(services.sizing().availabilityLag());
    }

    static String iso(Instant instant) {
        return ISO_MILLIS.format(instant);
    }
}
