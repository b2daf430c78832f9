package dev.orgexport.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mypurecloud.sdk.v2.ApiClient;
import com.mypurecloud.sdk.v2.api.AnalyticsApi;
import com.mypurecloud.sdk.v2.api.AuditApi;
import com.mypurecloud.sdk.v2.model.AnalyticsConversationAsyncQueryResponse;
import com.mypurecloud.sdk.v2.model.AnalyticsUserDetailsAsyncQueryResponse;
import com.mypurecloud.sdk.v2.model.AsyncConversationQuery;
import com.mypurecloud.sdk.v2.model.AsyncQueryStatus;
import com.mypurecloud.sdk.v2.model.AsyncUserDetailsQuery;
import com.mypurecloud.sdk.v2.model.AuditQueryExecutionResultsResponse;
import com.mypurecloud.sdk.v2.model.AuditQueryExecutionStatusResponse;
import com.mypurecloud.sdk.v2.model.AuditQueryRequest;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The script a user would write instead of orgexport: one org after another, one export job at a
 * time, through the official Genesys Cloud Java SDK: log in, submit, poll every half second, page
 * the results into a gzip file. The login is a plain client-credentials request whose token is
 * handed to the SDK ({@code withAccessToken}), because the SDK builds its login URL from the real
 * host names only (devstack-notes.md); every export call goes through the SDK. Benchmark code.
 */
final class SdkLoop {

    /** One org as the loop needs it. */
    record Org(String id, String region, String clientId, String secret) {
    }

    private final String simulatorBase;
    private final Duration pollInterval;
    private final Path outputRoot;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    SdkLoop(String simulatorBase, Duration pollInterval, Path outputRoot) {
        this.simulatorBase = simulatorBase;
        this.pollInterval = pollInterval;
        this.outputRoot = outputRoot;
    }

    /** Exports every window of every kind of every org, in order; returns the records written. */
    long run(List<Org> orgs, List<ExportKind> kinds, List<TimeWindow> windows) throws Exception {
        long records = 0;
        for (Org org : orgs) {
            ApiClient client = ApiClient.Builder.standard().withBasePath(simulatorBase + "/" + org.region())
                    .withAccessToken(token(org)).withShouldRefreshAccessToken(false).build();
            for (ExportKind kind : kinds) {
                for (TimeWindow window : windows) {
                    records += export(client, org, kind, window);
                }
            }
        }
        return records;
    }

    private String token(Org org) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((org.clientId() + ":" + org.secret()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(simulatorBase + "/" + org.region()
                        + "/oauth/token")).header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login of " + org.id() + " answered " + response.statusCode());
        }
        JsonNode body = json.readTree(response.body());
        return body.get("access_token").asText();
    }

    private long export(ApiClient client, Org org, ExportKind kind, TimeWindow window) throws Exception {
        Path file = outputRoot.resolve(org.id() + "-" + kind.wireName() + "-" + window.start().getEpochSecond() + ".ndjson.gz");
        String interval = window.start() + "/" + window.end();
        long count = 0;
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            switch (kind) {
                case CONVERSATION_DETAILS -> {
                    AnalyticsApi api = new AnalyticsApi(client);
                    String job = api.postAnalyticsConversationsDetailsJobs(new AsyncConversationQuery().interval(interval))
                            .getJobId();
                    while (pending(api.getAnalyticsConversationsDetailsJob(job).getState())) {
                        Thread.sleep(pollInterval.toMillis());
                    }
                    String cursor = null;
                    do {
                        AnalyticsConversationAsyncQueryResponse page = api.getAnalyticsConversationsDetailsJobResults(job,
                                cursor, 100);
                        count += write(out, page.getConversations());
                        cursor = page.getCursor();
                    } while (cursor != null);
                }
                case USER_DETAILS -> {
                    AnalyticsApi api = new AnalyticsApi(client);
                    String job = api.postAnalyticsUsersDetailsJobs(new AsyncUserDetailsQuery().interval(interval)).getJobId();
                    while (pending(api.getAnalyticsUsersDetailsJob(job).getState())) {
                        Thread.sleep(pollInterval.toMillis());
                    }
                    String cursor = null;
                    do {
                        AnalyticsUserDetailsAsyncQueryResponse page = api.getAnalyticsUsersDetailsJobResults(job, cursor, 100);
                        count += write(out, page.getUserDetails());
                        cursor = page.getCursor();
                    } while (cursor != null);
                }
                case AUDIT_EVENTS -> {
                    AuditApi api = new AuditApi(client);
                    String job = api.postAuditsQuery(new AuditQueryRequest().interval(interval)).getId();
                    AuditQueryExecutionStatusResponse.StateEnum state;
                    while ((state = api.getAuditsQueryTransactionId(job).getState())
                            == AuditQueryExecutionStatusResponse.StateEnum.QUEUED
                            || state == AuditQueryExecutionStatusResponse.StateEnum.RUNNING) {
                        Thread.sleep(pollInterval.toMillis());
                    }
                    String cursor = null;
                    do {
                        AuditQueryExecutionResultsResponse page = api.getAuditsQueryTransactionIdResults(job, cursor, 100, null);
                        count += write(out, page.getEntities());
                        cursor = page.getCursor();
                    } while (cursor != null);
                }
                default -> throw new IllegalArgumentException("unknown kind " + kind);
            }
        }
        return count;
    }

    private static boolean pending(AsyncQueryStatus.StateEnum state) {
        return state == AsyncQueryStatus.StateEnum.QUEUED || state == AsyncQueryStatus.StateEnum.PENDING;
    }

    private long write(OutputStream out, List<?> records) throws IOException {
        if (records == null) {
            return 0;
        }
        for (Object record : records) {
            out.write(json.writeValueAsBytes(record));
            out.write('\n');
        }
        return records.size();
    }
}
