package dev.orgexport.platform.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenSettingsTest {

    private final TokenSettings defaults = TokenSettings.defaults();

    @Test
    void a_day_long_token_is_refreshed_after_18_hours_and_used_until_30_seconds_before_expiry() {
        long day = Duration.ofHours(24).toMillis();

        assertThat(defaults.refreshAfterMillis(day)).isEqualTo(Duration.ofHours(18).toMillis());
        assertThat(defaults.usableForMillis(day)).isEqualTo(day - 30_000);
    }

    @Test
    void a_three_second_token_keeps_a_margin_of_a_tenth_of_its_life() {
        assertThat(defaults.refreshAfterMillis(3_000)).isEqualTo(2_250);
        assertThat(defaults.usableForMillis(3_000)).isEqualTo(2_700);
        assertThat(defaults.refreshRetryMillis(3_000)).isEqualTo(300);
    }

    @Test
    void refresh_at_must_be_a_fraction_of_the_lifetime() {
        assertThatThrownBy(() -> new TokenSettings(1.0, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("platform.token.refresh-at must be greater than 0 and lower than 1, but was 1.0");
    }

    @Test
    void credentials_hold_a_reference_and_leave_the_platform_org_to_be_pinned() {
        OrgCredentials org = OrgCredentials.of("org-a", "us-west-2", "client-a",
                dev.orgexport.platform.secret.SecretRef.parse("env:ORG_A_SECRET"));

        assertThat(org.expected()).as("the org's own id is not the platform's organization id").isNull();
        assertThat(org.expecting(new ExpectedOrganization("9F6C2A4E-1B7D-4C3E-8A5F-2D9E7B1C0A46", null, true))
                .expected().matches("9f6c2a4e-1b7d-4c3e-8a5f-2d9e7b1c0a46"))
                .as("organization ids compare case-insensitively").isTrue();
        assertThat(org.toString()).contains("env:ORG_A_SECRET");
        assertThatThrownBy(() -> OrgCredentials.of(" ", "us-west-2", "c", org.secretRef()))
                .hasMessage("orgId must not be blank, but was ' '");
    }
}
