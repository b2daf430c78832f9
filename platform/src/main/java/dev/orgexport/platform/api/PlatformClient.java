package dev.orgexport.platform.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orgexport.platform.failure.FailureClassifier;
import dev.orgexport.platform.failure.FailureContext;
import dev.orgexport.platform.failure.PlatformException;
import dev.orgexport.platform.secret.Secret;
import dev.orgexport.schema.json.Json;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The platform's HTTP API on {@link java.net.http.HttpClient}: one method per request of
 * platform-facts.md, each sent once, with a deadline, and its failure classified. No retry, no
 * token cache, no breaker: those are layered above ({@code platform.token},
 * {@code platform.resilience}, {@code platform.gateway}). Use it directly only for one-off checks
 * such as diagnosis.
 *
 * <p>Every method is asynchronous and completes exceptionally with a {@link PlatformException}.
 * Thread-safe; {@link #close()} stops its threads ({@code platform-http-*}).
 */
public final class PlatformClient implements AutoCloseable {

    private static final String JSON = "application/json";

    private final HttpExchange exchange;
    private final ObjectMapper mapper;
    private final FailureClassifier classifier;
    private final ApiSettings settings;
    private final Clock clock;

    private PlatformClient(ApiSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.mapper = Json.mapper();
        this.classifier = new FailureClassifier(mapper, clock);
        this.exchange = new HttpExchange(settings, classifier);
    }

    public static PlatformClient create(ApiSettings settings, Clock clock) {
        return new PlatformClient(settings, clock);
    }

    /** The classifier this client uses, for the layers above that report their own failures. */
    public FailureClassifier classifier() {
        return classifier;
    }

    /**
     * {@code POST /oauth/token} with client credentials (HTTP Basic, {@code grant_type=client_credentials};
     * no scope, no audience). The token's lifetime counts from the moment the request is sent.
     */
    public CompletableFuture<TokenGrant> requestToken(ApiTarget target, String clientId, Secret secret) {
        FailureContext context = new FailureContext(target.orgId(), target.endpoints().regionId(),
                target.endpoints().loginHost(), "POST /oauth/token");
        String basic = Base64.getEncoder().encodeToString(
                (clientId + ":" + secret.reveal()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = exchange.request(target.endpoints().tokenUri())
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", JSON)
                .header("User-Agent", settings.userAgent())
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        Instant sentAt = clock.instant();
        return exchange.send(request, context, true).thenApply(response -> {
            WireFormat.TokenResponse body = read(response, WireFormat.TokenResponse.class, context);
            if (body.accessToken() == null || body.accessToken().isEmpty()
                    || body.expiresIn() == null || body.expiresIn() <= 0) {
                throw classifier.malformedResponse(context, response.statusCode(), response.headers(),
                        "access_token and a positive expires_in are required");
            }
            return new TokenGrant(new AccessToken(body.accessToken(), sentAt, sentAt.plusSeconds(body.expiresIn())),
                    correlationId(response));
        });
    }

    /** {@code GET /api/v2/tokens/me}: which organization and client the token is. */
    public CompletableFuture<TokenIdentity> tokensMe(ApiTarget target, AccessToken token) {
        FailureContext context = apiContext(target, "GET /api/v2/tokens/me");
        return get(target, token, "/api/v2/tokens/me", context).thenApply(response -> {
            WireFormat.TokensMe body = read(response, WireFormat.TokensMe.class, context);
            if (body.organization() == null || body.organization().id() == null) {
                throw classifier.malformedResponse(context, response.statusCode(), response.headers(),
                        "organization.id is required");
            }
            WireFormat.OAuthClient client = body.oauthClient();
            return new TokenIdentity(body.organization().id(), body.organization().name(),
                    client == null ? null : client.id(), client == null ? null : client.name(), correlationId(response));
        });
    }

    /** {@code GET /api/v2/organizations/me}. */
    public CompletableFuture<OrganizationInfo> organizationsMe(ApiTarget target, AccessToken token) {
        FailureContext context = apiContext(target, "GET /api/v2/organizations/me");
        return get(target, token, "/api/v2/organizations/me", context).thenApply(response -> {
            WireFormat.Organization body = read(response, WireFormat.Organization.class, context);
            if (body.id() == null) {
                throw classifier.malformedResponse(context, response.statusCode(), response.headers(), "id is required");
            }
            return new OrganizationInfo(body.id(), body.name(), body.domain(), body.state());
        });
    }

    /**
     * {@code GET .../jobs/availability}: data before the returned instant is complete. Analytics
     * jobs only: audit queries have no such endpoint.
     *
     * @throws IllegalArgumentException for {@link ExportKind#AUDIT_EVENTS}
     */
    public CompletableFuture<Instant> availability(ApiTarget target, AccessToken token, ExportKind kind) {
        ExportPaths paths = ExportPaths.of(kind);
        if (!paths.analyticsJob()) {
            throw new IllegalArgumentException(kind + " has no availability endpoint");
        }
        FailureContext context = apiContext(target, "GET " + paths.availability());
        return get(target, token, paths.availability(), context).thenApply(response -> {
            WireFormat.Availability body = read(response, WireFormat.Availability.class, context);
            if (body.dataAvailabilityDate() == null) {
                throw classifier.malformedResponse(context, response.statusCode(), response.headers(),
                        "dataAvailabilityDate is required");
            }
            return body.dataAvailabilityDate();
        });
    }

    /** Submits an export job (or audit query) for the window; completes with its id. */
    public CompletableFuture<String> submit(ApiTarget target, AccessToken token, ExportKind kind, TimeWindow window) {
        return submit(target, token, kind, window, settings.auditServiceName());
    }

    /**
     * As {@link #submit(ApiTarget, AccessToken, ExportKind, TimeWindow)}, with the audit query's
     * {@code serviceName} given (null: none, every service).
     */
    public CompletableFuture<String> submit(ApiTarget target, AccessToken token, ExportKind kind, TimeWindow window,
                                            String auditServiceName) {
        ExportPaths paths = ExportPaths.of(kind);
        FailureContext context = apiContext(target, "POST " + paths.base());
        HttpRequest request = authorized(target, token, paths.base())
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(ExportRequests.submitBody(mapper, kind, window,
                        auditServiceName)))
                .build();
        return exchange.send(request, context, false).thenApply(response -> {
            String id = paths.analyticsJob()
                    ? read(response, WireFormat.JobSubmitted.class, context).jobId()
                    : read(response, WireFormat.AuditSubmitted.class, context).id();
            if (id == null || id.isBlank()) {
                throw classifier.malformedResponse(context, response.statusCode(), response.headers(), "a job id is required");
            }
            return id;
        });
    }

    /** Polls a job's state once. */
    public CompletableFuture<JobStatus> status(ApiTarget target, AccessToken token, ExportKind kind, String jobId) {
        ExportPaths paths = ExportPaths.of(kind);
        FailureContext context = apiContext(target, "GET " + paths.jobTemplate());
        return get(target, token, paths.job(jobId), context).thenApply(response -> {
            WireFormat.JobStatusBody body = read(response, WireFormat.JobStatusBody.class, context);
            return new JobStatus(JobState.fromRaw(body.state()), body.state(), body.errorMessage(),
                    body.submissionDate(), body.completionDate(), body.expirationDate());
        });
    }

    /**
     * Fetches one page of results.
     *
     * @param cursor   null for the first page, else the previous page's {@link ResultsPage#nextCursor()}
     * @param pageSize records per page (audit queries allow at most 500)
     */
    public CompletableFuture<ResultsPage> resultsPage(ApiTarget target, AccessToken token, ExportKind kind,
                                                      String jobId, String cursor, int pageSize) {
        ExportPaths paths = ExportPaths.of(kind);
        FailureContext context = apiContext(target, "GET " + paths.jobTemplate() + "/results");
        HttpRequest request = authorized(target, token, paths.results(jobId, cursor, pageSize)).GET().build();
        // Audit results may answer 302 "Result set too large" with a downloadUrl (fidelity review D6).
        return exchange.send(request, context, false, !paths.analyticsJob()).thenCompose(response -> {
            if (response.statusCode() / 100 == 3) {
                return download(target, paths, context, response);
            }
            return CompletableFuture.completedFuture(page(response, paths, context, null));
        });
    }

    /**
     * Follows a results redirect: only to the region's download host
     * ({@link dev.orgexport.platform.region.RegionEndpoints#downloadAllowed}), without the bearer
     * token (the URL is the grant, and a token must never leave the platform's API host), with the
     * same size cap. The redirect's own {@code cursor} leads to the next page.
     */
    private CompletableFuture<ResultsPage> download(ApiTarget target, ExportPaths paths, FailureContext context,
                                                    HttpResponse<byte[]> redirect) {
        JsonNode body = lenientTree(redirect.body());
        String location = body != null && body.path("downloadUrl").isTextual() ? body.path("downloadUrl").asText()
                : redirect.headers().firstValue("Location").orElse(null);
        URI url;
        try {
            url = location == null ? null : URI.create(location);
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null || !target.endpoints().downloadAllowed(url)) {
            return CompletableFuture.failedFuture(classifier.redirectRefused(context, redirect.statusCode(),
                    redirect.headers(), url == null ? "no usable downloadUrl" : "host " + url.getHost()
                            + " is not the region's download host"));
        }
        String redirectCursor = body != null && body.path("cursor").isTextual() ? body.path("cursor").asText() : null;
        FailureContext downloadContext = new FailureContext(target.orgId(), target.endpoints().regionId(), url.getHost(),
                "GET downloadUrl");
        HttpRequest request = exchange.request(url).header("Accept", JSON).header("User-Agent", settings.userAgent())
                .GET().build();
        return exchange.send(request, downloadContext, false)
                .thenApply(response -> page(response, paths, downloadContext, redirectCursor));
    }

    private ResultsPage page(HttpResponse<byte[]> response, ExportPaths paths, FailureContext context,
                             String fallbackCursor) {
        JsonNode root = tree(response, context);
        JsonNode array = root.get(paths.recordsField());
        if (array != null && !array.isArray() && !array.isNull()) {
            throw classifier.malformedResponse(context, response.statusCode(), response.headers(),
                    paths.recordsField() + " must be an array");
        }
        List<JsonNode> records = new ArrayList<>(array == null ? 0 : array.size());
        if (array != null) {
            array.forEach(records::add);
        }
        JsonNode next = root.get("cursor");
        String cursor = next != null && next.isTextual() ? next.asText() : fallbackCursor;
        return new ResultsPage(records, cursor, availability(root.get("dataAvailabilityDate")));
    }

    /** The page's availability date, or null when absent or in a form this client does not know (it is informative only). */
    private static Instant availability(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(value.asText());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private JsonNode lenientTree(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Cancels an analytics job ({@code DELETE .../jobs/{jobId}}). Audit queries cannot be
     * cancelled on the platform; for them this completes at once without a request.
     */
    public CompletableFuture<Void> cancel(ApiTarget target, AccessToken token, ExportKind kind, String jobId) {
        ExportPaths paths = ExportPaths.of(kind);
        if (!paths.analyticsJob()) {
            return CompletableFuture.completedFuture(null);
        }
        FailureContext context = apiContext(target, "DELETE " + paths.jobTemplate());
        HttpRequest request = authorized(target, token, paths.job(jobId)).DELETE().build();
        return exchange.send(request, context, false).thenApply(response -> null);
    }

    @Override
    public void close() {
        exchange.close();
    }

    private CompletableFuture<HttpResponse<byte[]>> get(ApiTarget target, AccessToken token, String path,
                                                        FailureContext context) {
        return exchange.send(authorized(target, token, path).GET().build(), context, false);
    }

    private HttpRequest.Builder authorized(ApiTarget target, AccessToken token, String path) {
        return exchange.request(target.endpoints().apiUri(path))
                .header("Authorization", token.bearer())
                .header("Accept", JSON)
                .header("User-Agent", settings.userAgent());
    }

    private static FailureContext apiContext(ApiTarget target, String operation) {
        return new FailureContext(target.orgId(), target.endpoints().regionId(), target.endpoints().apiHost(), operation);
    }

    private <T> T read(HttpResponse<byte[]> response, Class<T> type, FailureContext context) {
        try {
            T value = mapper.readValue(response.body(), type);
            if (value == null) {
                throw classifier.malformedResponse(context, response.statusCode(), response.headers(), "empty body");
            }
            return value;
        } catch (IOException e) {
            throw classifier.malformedResponse(context, response.statusCode(), response.headers(),
                    "not a " + type.getSimpleName() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private ObjectNode tree(HttpResponse<byte[]> response, FailureContext context) {
        try {
            JsonNode node = mapper.readTree(response.body());
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            // reported below
        }
        throw classifier.malformedResponse(context, response.statusCode(), response.headers(), "not a JSON object");
    }

    private static String correlationId(HttpResponse<?> response) {
        return response.headers().firstValue("ININ-Correlation-Id")
                .or(() -> response.headers().firstValue("Genesys-Correlation-Id")).orElse(null);
    }
}
