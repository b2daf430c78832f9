package dev.orgexport.platform.gateway;

import static dev.orgexport.platform.support.PlatformFixture.org;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.orgexport.platform.api.ApiSettings;
import dev.orgexport.platform.api.ApiTarget;
import dev.orgexport.platform.api.PlatformClient;
import dev.orgexport.platform.api.TokenGrant;
import dev.orgexport.platform.concurrent.Futures;
import dev.orgexport.platform.diagnose.DiagnoseOptions;
import dev.orgexport.platform.secret.SecretRef;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.platform.support.CapturingAppender;
import dev.orgexport.platform.support.PlatformFixture;
import dev.orgexport.platform.support.RecordingListener;
import dev.orgexport.platform.token.OrgCredentials;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Scans everything logged in this JVM (every other test class runs first, see
 * junit-platform.properties) for secrets and tokens. It also runs the failure paths itself, so it
 * means something when run alone.
 */
@Order(Integer.MAX_VALUE)
class LogHygieneIT {

    /** The simulator's tokens: 32 random bytes, base64url, 43 characters. */
    private static final Pattern TOKEN_SHAPE = Pattern.compile("(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])");

    @Test
    void nothing_logged_during_the_tests_contains_a_secret_or_a_token() {
        List<String> knownTokens = new ArrayList<>();
        try (Simulator simulator = Simulator.start(SimulatorConfig.builder()
                .jobs(SimulatorConfig.JobTimings.quick(java.time.Duration.ofMillis(200)))
                .org("org-a", "Org A", "us-west-2")
                .org("org-b", "Org B", "us-west-2")
                .client("client-a", PlatformFixture.SECRETS.get("ORG_A_SECRET"), "org-a")
                .client("client-b", PlatformFixture.SECRETS.get("ORG_B_SECRET"), "org-b")
                .build(), 0)) {
            PlatformSettings settings = PlatformFixture.settings(simulator);
            try (PlatformClient client = PlatformClient.create(ApiSettings.defaults(), Clock.systemUTC());
                 PlatformGateway gateway = PlatformFixture.gateway(settings, new RecordingListener(),
                         new SimpleMeterRegistry()).build()) {
                // Tokens whose values this test knows, used through the gateway's failure paths below.
                TokenGrant grant = Futures.await(client.requestToken(new ApiTarget("org-a",
                                gateway.regions().endpoints("us-west-2")), "client-a",
                        SecretResolver.of(PlatformFixture.SECRETS).resolve(SecretRef.parse("env:ORG_A_SECRET"))));
                knownTokens.add(grant.token().bearer().substring("Bearer ".length()));

                OrgCredentials good = org("org-a", "us-west-2", "client-a", "ORG_A_SECRET");
                TimeWindow window = new TimeWindow(Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-01T01:00:00Z"));
                Futures.await(gateway.submit(good, ExportKind.AUDIT_EVENTS, window));
                simulator.revokeTokens("client-a");
                Futures.await(gateway.organization(good));
                catchThrowable(() -> Futures.await(gateway.organization(org("org-b", "us-west-2", "client-b", "WRONG_SECRET"))));
                catchThrowable(() -> Futures.await(gateway.organization(org("org-x", "us-west-2", "client-b", "ORG_B_SECRET"))));
                catchThrowable(() -> Futures.await(gateway.organization(org("org-y", "us-east-1", "client-a", "ORG_A_SECRET"))));
                gateway.diagnoser().diagnose(org("org-y", "us-east-1", "client-a", "ORG_A_SECRET"),
                        DiagnoseOptions.defaults().withRegionProbing(true));
            }
        }

        assertThat(TOKEN_SHAPE.matcher(knownTokens.get(0)).matches()).as("the shape fits real tokens").isTrue();
        List<String> lines = CapturingAppender.lines();
        assertThat(lines).as("the capture sees the failures it must check")
                .anyMatch(line -> line.contains("CREDENTIALS_REJECTED"))
                .anyMatch(line -> line.contains("ORG_MISMATCH"))
                .anyMatch(line -> line.contains("token rejected by the API"));
        for (String line : lines) {
            for (String secret : PlatformFixture.SECRETS.values()) {
                assertThat(line).as("a log line contains a secret").doesNotContain(secret);
            }
            for (String token : knownTokens) {
                assertThat(line).as("a log line contains a token").doesNotContain(token);
            }
            assertThat(TOKEN_SHAPE.matcher(line).find()).as("token-shaped string in: %s", line).isFalse();
            assertThat(line).doesNotContainIgnoringCase("Bearer ").doesNotContainIgnoringCase("Basic ");
        }
        assertThat(lines).filteredOn(line -> line.contains(" dev.orgexport.platform."))
                .as("every thread that logs is named").noneMatch(line -> line.matches("(?s)\\w+ Thread-\\d+ .*"));
    }
}
