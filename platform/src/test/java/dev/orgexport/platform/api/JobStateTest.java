package dev.orgexport.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobStateTest {

    @Test
    void analytics_job_states_and_audit_query_states_map_to_one_enum() {
        assertThat(JobState.fromRaw("QUEUED")).isEqualTo(JobState.QUEUED);
        assertThat(JobState.fromRaw("Queued")).isEqualTo(JobState.QUEUED);
        assertThat(JobState.fromRaw("PENDING")).isEqualTo(JobState.RUNNING);
        assertThat(JobState.fromRaw("Running")).isEqualTo(JobState.RUNNING);
        assertThat(JobState.fromRaw("FULFILLED")).isEqualTo(JobState.SUCCEEDED);
        assertThat(JobState.fromRaw("Succeeded")).isEqualTo(JobState.SUCCEEDED);
        assertThat(JobState.fromRaw("FAILED")).isEqualTo(JobState.FAILED);
        assertThat(JobState.fromRaw("Cancelled")).isEqualTo(JobState.CANCELLED);
        assertThat(JobState.fromRaw("EXPIRED")).isEqualTo(JobState.EXPIRED);
    }

    @Test
    void an_unknown_state_is_not_terminal_so_the_caller_keeps_polling() {
        assertThat(JobState.fromRaw("ARCHIVING")).isEqualTo(JobState.UNKNOWN);
        assertThat(JobState.fromRaw(null).terminal()).isFalse();
        assertThat(JobState.SUCCEEDED.terminal()).isTrue();
    }

    @Test
    void a_token_never_shows_in_to_string() {
        AccessToken token = new AccessToken("tok-very-secret-value", java.time.Instant.EPOCH,
                java.time.Instant.EPOCH.plusSeconds(60));

        assertThat(token.toString()).doesNotContain("tok-very-secret-value");
        assertThat(new TokenGrant(token, "c").toString()).doesNotContain("tok-very-secret-value");
        assertThat(token.bearer()).isEqualTo("Bearer tok-very-secret-value");
    }
}
