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
import dev.orgexport.simulator.faults.WireFault;
import dev.orgexport.simulator.faults.WireFaultRule;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
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
    private final Downloads downloads = new Downloads();
    private static final Set<WireFault> CURSOR_FAULTS = EnumSet.of(WireFault.REPEAT_CURSOR, WireFault.ENDLESS_CURSOR);

    JobHandler(Services services, Responder responder) {
        this.services = services;
        this.responder = responder;
        this.bodies = new RequestBodies(responder.mapper());
    }

    void submitDetails(Call call, Caller caller, ExportKind kind) throws IOException {
        RecordQuery query = bodies.detailsQuery(call.body(), caller.grant().orgId(), kind);
        Job job = services.jobs().submit(query);
        if (answerLost(call, caller)) {
            return;
        }
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
        // The platform answers 202 "Accepted - Running query asynchronously" until the job ends (S4).
        responder.json(call, running(status) ? 202 : 200, body);
    }

    void detailsResults(Call call, Caller caller, ExportKind kind) throws IOException {
        Job job = find(call, caller, kind);
        Page page = page(call, caller, job, DETAILS_DEFAULT_PAGE, DETAILS_MAX_PAGE);
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
        services.jobs().cancel(job);
        // 204 "Deleted" (fidelity review S4/S5), for a running job and a finished one alike.
        responder.empty(call, 204);
    }

    void availability(Call call) throws IOException {
        ObjectNode body = responder.mapper().createObjectNode();
        body.put("dataAvailabilityDate", iso(availability()));
        responder.json(call, 200, body);
    }

    void submitAudit(Call call, Caller caller) throws IOException {
        RecordQuery query = bodies.auditQuery(call.body(), caller.grant().orgId());
        Job job = services.jobs().submit(query);
        if (answerLost(call, caller)) {
            return;
        }
        // 200 or 202 on the platform (S4); a new query is always still running, so 202.
        responder.json(call, 202, auditStatus(job, false));
    }

    void auditStatus(Call call, Caller caller) throws IOException {
        Job job = find(call, caller, ExportKind.AUDIT_EVENTS);
        responder.json(call, running(services.jobs().status(job)) ? 202 : 200, auditStatus(job, true));
    }

    private static boolean running(JobStatus status) {
        return status.state() == JobState.QUEUED || status.state() == JobState.PENDING;
    }

    void auditResults(Call call, Caller caller) throws IOException {
        Job job = find(call, caller, ExportKind.AUDIT_EVENTS);
        Page page = page(call, caller, job, AUDIT_DEFAULT_PAGE, AUDIT_MAX_PAGE);
        ObjectNode body = responder.mapper().createObjectNode();
        body.put("id", job.id());
        body.put("pageSize", page.size);
        if (page.cursor != null) {
            body.put("cursor", page.cursor);
        }
        if (services.faults().takeWireFault(caller.grant().orgId(), call.endpoint(), EnumSet.of(WireFault.AUDIT_REDIRECT))
                .isPresent()) {
            // "Result set too large" (S4): AuditQueryExecutionLargeResultsResponse{id,pageSize,cursor,downloadUrl};
            // the page itself waits on the download host.
            ObjectNode full = body.deepCopy();
            full.putArray("entities").addAll(page.records);
            String url = downloads.put(call, responder.mapper().writeValueAsBytes(full));
            body.put("downloadUrl", url);
            responder.redirect(call, 302, url, body);
            return;
        }
        body.putArray("entities").addAll(page.records);
        responder.json(call, 200, body);
    }

    /** {@code GET <downloadUrl>}: a redirected result page, readable for a while without a bearer. */
    void download(Call call) throws IOException {
        byte[] page = downloads.get(call.route.id());
        if (page == null) {
            throw PlatformException.notFound("No download " + call.route.id());
        }
        responder.bytes(call, 200, page);
    }

    /** The lost-answer fault: the job exists now, and the client gets a gateway timeout page instead of its id. */
    private boolean answerLost(Call call, Caller caller) {
        if (services.faults().takeWireFault(caller.grant().orgId(), call.endpoint(), EnumSet.of(WireFault.LOST_SUBMIT_ANSWER))
                .isEmpty()) {
            return false;
        }
        responder.gatewayPage(call, 504);
        return true;
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

    private Page page(Call call, Caller caller, Job job, int defaultSize, int maxSize) {
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
        // The job sees the data as of its submission (a snapshot), as a platform job does.
        List<ObjectNode> all = services.data().records(job.query(), job.submitted());
        String asked = params.get("cursor");
        int[] position = position(asked, job, all.size());
        int offset = Math.min(position[0], all.size());
        int end = Math.min(all.size(), offset + size);
        String next = end < all.size() ? cursor(job, end, 0) : null;
        Optional<WireFaultRule> fault = services.faults().takeWireFault(caller.grant().orgId(), call.endpoint(), CURSOR_FAULTS);
        if (fault.isPresent() && fault.get().fault() == WireFault.REPEAT_CURSOR) {
            next = asked != null && !asked.isEmpty() ? asked : cursor(job, 0, 0);
        } else if (fault.isPresent() && next == null) {
            next = cursor(job, all.size(), position[1] + 1); // ENDLESS_CURSOR: a new cursor, and nothing behind it
        }
        return new Page(List.copyOf(all.subList(offset, end)), next, size);
    }

    private static String cursor(Job job, int offset, int round) {
        String plain = job.id() + ":" + offset + (round > 0 ? ":" + round : "");
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's record offset and its round (above 0 only for the cursors past the end that ENDLESS_CURSOR makes). */
    private static int[] position(String cursor, Job job, int total) {
        if (cursor == null || cursor.isEmpty()) {
            return new int[] {0, 0};
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", -1);
            int offset = Integer.parseInt(parts[1]);
            int round = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
            if (parts.length <= 3 && parts[0].equals(job.id()) && offset >= 0 && offset <= total && round >= 0) {
                return new int[] {offset, round};
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
