package dev.orgexport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.RawPlatform.Answer;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exports through the raw HTTP API exactly as a client would (submit, poll, page to the end,
 * parse each record into a Jackson tree and write it back compact), hashes the result and
 * compares it with the simulator's truth, in Java and over {@code GET /__sim/truth}.
 */
class TruthIT {

    private static final String REGION = "eu-central-1";
    private static final Instant START = Instant.parse("2024-02-29T22:30:00Z");
    private static final Instant END = Instant.parse("2024-03-01T03:15:00Z");

    private Simulator simulator;
    private RawPlatform platform;
    private String token;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorConfig.builder()
                .org("org-truth", "Truth Org", REGION)
                .client("truth-client", "truth-secret", "org-truth")
                .jobs(new SimulatorConfig.JobTimings(Duration.ZERO, Duration.ofMillis(50), Duration.ofHours(1)))
                .build(), 0);
        platform = new RawPlatform(simulator);
        token = platform.token(REGION, "truth-client", "truth-secret");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    @ParameterizedTest
    @EnumSource(ExportKind.class)
    void an_export_paged_through_the_api_hashes_to_the_truth(ExportKind kind) throws Exception {
        Export export = export(kind, START, END, 7);

        Truth truth = simulator.truth("org-truth", kind, START, END);
        Answer overHttp = platform.admin("GET", "/truth?org=org-truth&kind=" + kind.wireName() + "&start="
                + URLEncoder.encode(START.toString(), StandardCharsets.UTF_8) + "&end=" + END, null);

        assertThat(export.records).isGreaterThan(0).isEqualTo(truth.records());
        assertThat(export.sha256).isEqualTo(truth.sha256());
        assertThat(overHttp.status()).isEqualTo(200);
        assertThat(overHttp.body().get("records").asLong()).isEqualTo(truth.records());
        assertThat(overHttp.body().get("sha256").asText()).isEqualTo(truth.sha256());
        assertThat(export.pages).isGreaterThan(1);
    }

    @Test
    void a_lost_or_duplicated_record_changes_the_hash() throws Exception {
        Truth truth = simulator.truth("org-truth", ExportKind.CONVERSATION_DETAILS, START, END);
        Export export = export(ExportKind.CONVERSATION_DETAILS, START, END, 1000);

        assertThat(sha256(export.bytes)).isEqualTo(truth.sha256());
        byte[] duplicated = new byte[export.bytes.length + firstLine(export.bytes).length];
        System.arraycopy(export.bytes, 0, duplicated, 0, export.bytes.length);
        System.arraycopy(firstLine(export.bytes), 0, duplicated, export.bytes.length, firstLine(export.bytes).length);
        assertThat(sha256(duplicated)).isNotEqualTo(truth.sha256());
    }

    @Test
    void the_data_is_the_same_in_another_simulator_and_page_size_does_not_matter() throws Exception {
        Export small = export(ExportKind.AUDIT_EVENTS, START, END, 3);
        try (Simulator other = Simulator.start(SimulatorConfig.builder()
                .org("org-truth", "Truth Org", REGION).build(), 0)) {
            assertThat(other.truth("org-truth", ExportKind.AUDIT_EVENTS, START, END)).isEqualTo(new Truth(small.records, small.sha256));
        }
    }

    @Test
    void audit_events_of_adjacent_windows_add_up_and_conversations_overlapping_both_appear_in_both() {
        Instant middle = Instant.parse("2024-03-01T01:00:00Z");
        long whole = simulator.truth("org-truth", ExportKind.AUDIT_EVENTS, START, END).records();
        long halves = simulator.truth("org-truth", ExportKind.AUDIT_EVENTS, START, middle).records()
                + simulator.truth("org-truth", ExportKind.AUDIT_EVENTS, middle, END).records();
        long conversations = simulator.truth("org-truth", ExportKind.CONVERSATION_DETAILS, START, END).records();
        long conversationHalves = simulator.truth("org-truth", ExportKind.CONVERSATION_DETAILS, START, middle).records()
                + simulator.truth("org-truth", ExportKind.CONVERSATION_DETAILS, middle, END).records();

        assertThat(halves).isEqualTo(whole);
        assertThat(conversationHalves).isGreaterThanOrEqualTo(conversations);
    }

    private record Export(long records, String sha256, int pages, byte[] bytes) {
    }

    private Export export(ExportKind kind, Instant start, Instant end, int pageSize) throws Exception {
        String interval = start + "/" + end;
        String base;
        String id;
        String arrayField;
        if (kind == ExportKind.AUDIT_EVENTS) {
            base = "/api/v2/audits/query";
            id = platform.post(REGION, base, token, "{\"interval\":\"" + interval + "\",\"sort\":[{\"name\":\"Timestamp\",\"sortOrder\":\"ascending\"}]}")
                    .body().get("id").asText();
            arrayField = "entities";
        } else {
            base = kind == ExportKind.CONVERSATION_DETAILS ? "/api/v2/analytics/conversations/details/jobs"
                    : "/api/v2/analytics/users/details/jobs";
            Answer submitted = platform.post(REGION, base, token, "{\"interval\":\"" + interval + "\",\"order\":\"asc\"}");
            assertThat(submitted.status()).isEqualTo(202);
            id = submitted.body().get("jobId").asText();
            arrayField = kind == ExportKind.CONVERSATION_DETAILS ? "conversations" : "userDetails";
        }
        String state = platform.awaitState(REGION, base + "/" + id, token, Duration.ofSeconds(10));
        assertThat(state).isIn("FULFILLED", "Succeeded");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long records = 0;
        int pages = 0;
        String cursor = null;
        do {
            Answer page = platform.get(REGION, base + "/" + id + "/results?pageSize=" + pageSize
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), token);
            assertThat(page.status()).isEqualTo(200);
            pages++;
            for (JsonNode record : page.body().path(arrayField)) {
                JsonNode reparsed = RawPlatform.JSON.readTree(record.toString());
                out.write(RawPlatform.JSON.writeValueAsBytes(reparsed));
                out.write('\n');
                records++;
            }
            cursor = page.body().hasNonNull("cursor") ? page.body().get("cursor").asText() : null;
        } while (cursor != null);
        return new Export(records, sha256(out.toByteArray()), pages, out.toByteArray());
    }

    private static byte[] firstLine(byte[] bytes) {
        int newline = 0;
        while (bytes[newline] != '\n') {
            newline++;
        }
        byte[] line = new byte[newline + 1];
        System.arraycopy(bytes, 0, line, 0, newline + 1);
        return line;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
