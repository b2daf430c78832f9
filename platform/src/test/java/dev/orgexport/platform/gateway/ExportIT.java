package dev.orgexport.platform.gateway;

import static dev.orgexport.platform.support.PlatformFixture.org;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.orgexport.platform.api.JobState;
import dev.orgexport.platform.api.JobStatus;
import dev.orgexport.platform.api.ResultsPage;
import dev.orgexport.platform.concurrent.Futures;
import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.platform.failure.PlatformException;
import dev.orgexport.platform.support.PlatformFixture;
import dev.orgexport.platform.support.RecordingListener;
import dev.orgexport.platform.support.Waits;
import dev.orgexport.platform.token.OrgCredentials;
import dev.orgexport.schema.json.Json;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.Truth;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The worker's path through the gateway: availability, submit, poll, page, against the simulator's truth. */
class ExportIT {

    private static final OrgCredentials ORG_A = org("org-a", "usw2", "client-a", "ORG_A_SECRET");
    private static final TimeWindow WINDOW = new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"),
            Instant.parse("2024-05-01T06:00:00Z"));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private Simulator simulator;
    private PlatformGateway gateway;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorConfig.builder()
                .jobs(SimulatorConfig.JobTimings.quick(java.time.Duration.ofSeconds(1)))
                .org("org-a", "Org A", "us-west-2")
                .client("client-a", PlatformFixture.SECRETS.get("ORG_A_SECRET"), "org-a")
                .build(), 0);
        PlatformSettings settings = PlatformFixture.settings(simulator);
        gateway = PlatformFixture.gateway(settings.withResilience(settings.resilience()
                .withBreaker(settings.resilience().breaker().withPerOrgMeters(true))), new RecordingListener(), meters).build();
    }

    @AfterEach
    void stop() {
        gateway.close();
        simulator.close();
    }

    @ParameterizedTest
    @EnumSource(ExportKind.class)
    void an_export_paged_through_the_gateway_reproduces_the_simulators_canonical_bytes(ExportKind kind) throws Exception {
        assertThat(Futures.await(gateway.availability(ORG_A, kind))).isAfter(WINDOW.end());

        String jobId = Futures.await(gateway.submit(ORG_A, kind, WINDOW));
        JobStatus done = awaitTerminal(kind, jobId);
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.rawState()).isIn("FULFILLED", "Succeeded");

        ObjectMapper compact = Json.mapper();
        ByteArrayOutputStream export = new ByteArrayOutputStream();
        long records = 0;
        int pages = 0;
        String cursor = null;
        do {
            ResultsPage page = Futures.await(gateway.resultsPage(ORG_A, kind, jobId, cursor, 7));
            for (JsonNode record : page.records()) {
                export.write(compact.writeValueAsBytes(record));
                export.write('\n');
                records++;
            }
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        Truth truth = simulator.truth("org-a", kind, WINDOW.start(), WINDOW.end());
        assertThat(records).isEqualTo(truth.records()).isPositive();
        assertThat(pages).isEqualTo((int) ((records + 6) / 7));
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(export.toByteArray())))
                .isEqualTo(truth.sha256());
    }

    @Test
    void a_cancelled_job_reports_cancelled_and_an_unknown_job_is_job_not_found() {
        String jobId = Futures.await(gateway.submit(ORG_A, ExportKind.CONVERSATION_DETAILS, WINDOW));

        Futures.await(gateway.cancel(ORG_A, ExportKind.CONVERSATION_DETAILS, jobId));

        assertThat(Futures.await(gateway.status(ORG_A, ExportKind.CONVERSATION_DETAILS, jobId)).state())
                .isEqualTo(JobState.CANCELLED);
        assertThatThrownBy(() -> Futures.await(gateway.status(ORG_A, ExportKind.USER_DETAILS, "no-such-job")))
                .isInstanceOfSatisfying(PlatformException.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(FailureKind.REQUEST_REJECTED);
                    assertThat(failure.jobNotFound()).isTrue();
                    assertThat(failure.retryable()).isFalse();
                });
    }

    @Test
    void a_job_failed_by_the_platform_is_failed_with_its_message() {
        simulator.failNextJobs("org-a", ExportKind.USER_DETAILS, 1, "internal error while exporting");
        String jobId = Futures.await(gateway.submit(ORG_A, ExportKind.USER_DETAILS, WINDOW));

        JobStatus status = awaitTerminal(ExportKind.USER_DETAILS, jobId);

        assertThat(status.state()).isEqualTo(JobState.FAILED);
        assertThat(status.errorMessage()).contains("internal error while exporting");
    }

    @Test
    void every_call_is_timed_by_operation_and_outcome_and_per_org_breaker_meters_can_be_turned_on() {
        Futures.await(gateway.organization(ORG_A));

        assertThat(meters.get("orgexport.platform.calls").tag("operation", "organization").tag("outcome", "success")
                .timer().count()).isEqualTo(1);
        assertThat(meters.get("orgexport.platform.token.requests").functionCounter().count()).isEqualTo(1);
        assertThat(meters.get("orgexport.platform.tokens.issued").counter().count()).isEqualTo(1);
        assertThat(meters.get("resilience4j.circuitbreaker.state").tag("name", "org-a").tag("state", "closed")
                .gauge().value()).isEqualTo(1.0);
    }

    @Test
    void a_client_without_either_conversation_permission_gets_missing_permission_naming_both() {
        simulator.setPermissions("client-a", java.util.Set.of(ExportKind.AUDIT_EVENTS.permission()));

        assertThatThrownBy(() -> Futures.await(gateway.submit(ORG_A, ExportKind.CONVERSATION_DETAILS, WINDOW)))
                .isInstanceOfSatisfying(PlatformException.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(FailureKind.MISSING_PERMISSION);
                    assertThat(failure.details().errorCode()).isEqualTo("missing.any.permissions");
                    assertThat(failure.getMessage()).contains("analytics:conversationDetail:view")
                            .contains("analytics:agentConversationDetail:view");
                });
    }

    @Test
    void a_results_page_larger_than_the_response_cap_is_abandoned_and_rejected() throws Exception {
        PlatformSettings settings = PlatformFixture.settings(simulator);
        try (PlatformGateway capped = PlatformFixture.gateway(settings.withApi(settings.api().withMaxResponseBytes(2048)),
                new RecordingListener(), new SimpleMeterRegistry()).build()) {
            String jobId = Futures.await(capped.submit(ORG_A, ExportKind.CONVERSATION_DETAILS, WINDOW));
            Waits.until(Duration.ofSeconds(10), "job " + jobId, () -> Futures.await(
                    capped.status(ORG_A, ExportKind.CONVERSATION_DETAILS, jobId)).state().terminal());

            assertThatThrownBy(() -> Futures.await(capped.resultsPage(ORG_A, ExportKind.CONVERSATION_DETAILS, jobId, null, 50)))
                    .isInstanceOfSatisfying(PlatformException.class, failure -> {
                        assertThat(failure.kind()).isEqualTo(FailureKind.REQUEST_REJECTED);
                        assertThat(failure.retryable()).isFalse();
                        assertThat(failure.getMessage()).contains("larger than 2048 bytes");
                    });
        }
    }

    private JobStatus awaitTerminal(ExportKind kind, String jobId) {
        AtomicReference<JobStatus> last = new AtomicReference<>();
        Waits.until(Duration.ofSeconds(10), kind + " job " + jobId + " to finish", () -> {
            last.set(Futures.await(gateway.status(ORG_A, kind, jobId)));
            return last.get().state().terminal();
        });
        return last.get();
    }
}
