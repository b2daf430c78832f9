package dev.orgexport.simulator;

import dev.orgexport.devstack.time.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.RawPlatform.Answer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JobLifecycleIT {

    private static final String REGION = "us-east-1";
    private static final String JOBS = "/api/v2/analytics/conversations/details/jobs";
    private static final String BODY = "{\"interval\":\"2024-01-01T00:00:00.000Z/2024-01-01T02:00:00.000Z\",\"order\":\"asc\","
            + "\"orderBy\":\"conversationStart\",\"conversationFilters\":[],\"segmentFilters\":[],\"startOfDayIntervalMatching\":false}";

    private final SettableClock clock = new SettableClock(Instant.parse("2024-06-01T08:00:00Z"));
    private Simulator simulator;
    private RawPlatform platform;
    private String token;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorConfig.builder()
                .org("org-a", "Org A", REGION)
                .org("org-b", "Org B", REGION)
                .client("client-a", "secret-a", "org-a")
                .client("client-b", "secret-b", "org-b")
                .jobs(new SimulatorConfig.JobTimings(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofMinutes(10)))
                .build(), 0, clock);
        platform = new RawPlatform(simulator);
        token = platform.token(REGION, "client-a", "secret-a");
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private String submit() {
        Answer answer = platform.post(REGION, JOBS, token, BODY);
        assertThat(answer.status()).isEqualTo(202);
        return answer.body().get("jobId").asText();
    }

    private String state(String jobId) {
        return platform.get(REGION, JOBS + "/" + jobId, token).body().get("state").asText();
    }

    @Test
    void a_job_goes_queued_pending_fulfilled_expired_and_then_disappears_as_the_clock_moves() {
        String jobId = submit();
        assertThat(state(jobId)).isEqualTo("QUEUED");
        assertThat(platform.get(REGION, JOBS + "/" + jobId + "/results", token).status()).isEqualTo(400);

        clock.advance(Duration.ofSeconds(2));
        assertThat(state(jobId)).isEqualTo("PENDING");

        clock.advance(Duration.ofSeconds(3));
        Answer fulfilled = platform.get(REGION, JOBS + "/" + jobId, token);
        assertThat(fulfilled.body().get("state").asText()).isEqualTo("FULFILLED");
        assertThat(fulfilled.body().get("submissionDate").asText()).isEqualTo("2024-06-01T08:00:00.000Z");
        assertThat(fulfilled.body().get("completionDate").asText()).isEqualTo("2024-06-01T08:00:05.000Z");
        assertThat(fulfilled.body().get("expirationDate").asText()).isEqualTo("2024-06-01T08:10:05.000Z");
        assertThat(platform.get(REGION, JOBS + "/" + jobId + "/results", token).status()).isEqualTo(200);

        clock.advance(Duration.ofMinutes(10));
        assertThat(state(jobId)).isEqualTo("EXPIRED");
        assertThat(platform.get(REGION, JOBS + "/" + jobId + "/results", token).status()).isEqualTo(400);

        clock.advance(Duration.ofMinutes(10));
        assertThat(platform.get(REGION, JOBS + "/" + jobId, token).status()).isEqualTo(404);
    }

    @Test
    void status_is_202_while_the_job_runs_and_200_once_it_ended() {
        String jobId = submit();
        assertThat(platform.get(REGION, JOBS + "/" + jobId, token).status()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(2));
        assertThat(platform.get(REGION, JOBS + "/" + jobId, token).status()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(3));
        assertThat(platform.get(REGION, JOBS + "/" + jobId, token).status()).isEqualTo(200);
    }

    @Test
    void delete_answers_204_cancelling_a_queued_job_and_deleting_a_fulfilled_one() {
        String queued = submit();
        Answer cancelled = platform.delete(REGION, JOBS + "/" + queued, token);
        assertThat(cancelled.status()).isEqualTo(204);
        assertThat(state(queued)).isEqualTo("CANCELLED");

        String other = submit();
        clock.advance(Duration.ofSeconds(6));
        assertThat(platform.delete(REGION, JOBS + "/" + other, token).status()).isEqualTo(204);
        assertThat(platform.get(REGION, JOBS + "/" + other, token).status()).isEqualTo(404);
    }

    @Test
    void jobs_fail_or_expire_on_demand() {
        String failing = submit();
        String expiring = submit();
        clock.advance(Duration.ofSeconds(6));

        simulator.failJob(failing, "Query timed out");
        simulator.expireJob(expiring);

        Answer failed = platform.get(REGION, JOBS + "/" + failing, token);
        assertThat(failed.body().get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.body().get("errorMessage").asText()).isEqualTo("Query timed out");
        assertThat(state(expiring)).isEqualTo("EXPIRED");
    }

    @Test
    void the_next_jobs_of_an_org_can_be_made_to_fail_after_queueing() {
        simulator.failNextJobs("org-a", ExportKind.CONVERSATION_DETAILS, 1, "Internal error");
        String doomed = submit();
        String fine = submit();

        assertThat(state(doomed)).isEqualTo("QUEUED");
        clock.advance(Duration.ofSeconds(6));
        assertThat(state(doomed)).isEqualTo("FAILED");
        assertThat(state(fine)).isEqualTo("FULFILLED");
    }

    @Test
    void one_org_cannot_see_another_orgs_job_and_unknown_ids_are_404() {
        String jobId = submit();
        String otherToken = platform.token(REGION, "client-b", "secret-b");

        Answer foreign = platform.get(REGION, JOBS + "/" + jobId, otherToken);
        Answer unknown = platform.get(REGION, JOBS + "/no-such-job", token);

        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.body().get("code").asText()).isEqualTo("not.found");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(platform.get(REGION, "/api/v2/analytics/users/details/jobs/" + jobId, token).status()).isEqualTo(404);
    }

    @Test
    void bad_cursors_and_page_sizes_are_400() {
        String jobId = submit();
        clock.advance(Duration.ofSeconds(6));

        assertThat(platform.get(REGION, JOBS + "/" + jobId + "/results?cursor=garbage!", token).status()).isEqualTo(400);
        assertThat(platform.get(REGION, JOBS + "/" + jobId + "/results?pageSize=0", token).status()).isEqualTo(400);
        assertThat(platform.get(REGION, JOBS + "/" + jobId + "/results?pageSize=ten", token).status()).isEqualTo(400);
        Answer firstPage = platform.get(REGION, JOBS + "/" + jobId + "/results?pageSize=2", token);
        String cursor = firstPage.body().get("cursor").asText();
        String otherJob = submit();
        clock.advance(Duration.ofSeconds(6));
        assertThat(platform.get(REGION, JOBS + "/" + otherJob + "/results?cursor=" + cursor, token).status()).isEqualTo(400);
    }

    @Test
    void the_availability_date_trails_the_clock_by_the_configured_lag() {
        Answer availability = platform.get(REGION, JOBS + "/availability", token);

        assertThat(availability.status()).isEqualTo(200);
        assertThat(availability.body().get("dataAvailabilityDate").asText())
                .as("default lag 5 min").isEqualTo("2024-06-01T07:55:00.000Z");
    }

    @Test
    void finished_jobs_are_purged_so_memory_stays_bounded() {
        for (int i = 0; i < 50; i++) {
            submit();
        }
        clock.advance(Duration.ofMinutes(30));

        assertThat(simulator.purgeExpired()).isEqualTo(50);
    }
}
