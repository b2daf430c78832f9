package dev.orgexport.platform.diagnose;

import static dev.orgexport.platform.support.PlatformFixture.org;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.platform.support.PlatformFixture;
import dev.orgexport.platform.support.RecordingListener;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import dev.orgexport.simulator.SimulatorConfig.Client;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator's `diagnose` against the simulator: one line of cause, then the evidence. */
class DiagnoserIT {

    private static final DiagnoseOptions PROBING = DiagnoseOptions.defaults().withRegionProbing(true);

    private Simulator simulator;
    private PlatformGateway gateway;
    private Diagnoser diagnoser;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorConfig.builder()
                .org("org-a", "Org A", "us-west-2")
                .org("org-b", "Org B", "eu-central-1")
                .client("client-a", PlatformFixture.SECRETS.get("ORG_A_SECRET"), "org-a")
                .client("client-b", PlatformFixture.SECRETS.get("ORG_B_SECRET"), "org-b")
                .client(Client.of("client-audit-less", PlatformFixture.SECRETS.get("ORG_C_SECRET"), "org-a")
                        .withPermissions(ExportKind.CONVERSATION_DETAILS.permission(), ExportKind.USER_DETAILS.permission()))
                .build(), 0);
        gateway = PlatformFixture.gateway(PlatformFixture.settings(simulator), new RecordingListener(),
                new SimpleMeterRegistry()).build();
        diagnoser = gateway.diagnoser();
    }

    @AfterEach
    void stop() {
        gateway.close();
        simulator.close();
    }

    @Test
    void a_working_org_is_healthy_with_each_permission_as_evidence() {
        Diagnosis diagnosis = diagnoser.diagnose(org("org-a", "us-west-2", "client-a", "ORG_A_SECRET"), PROBING);

        assertThat(diagnosis.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(diagnosis.evidence()).anyMatch(line -> line.contains("token organization org-a"))
                .anyMatch(line -> line.contains("audits:audit:view: granted"))
                .anyMatch(line -> line.contains("analytics:conversationDetail:view: granted"));
        assertThat(simulator.stats().tokenRequests("client-a")).as("no probing when the configured region works")
                .isEqualTo(1);
    }

    @Test
    void a_client_in_another_region_is_found_by_probing_and_named_in_the_cause() {
        Diagnosis diagnosis = diagnoser.diagnose(org("org-b", "us-east-1", "client-b", "ORG_B_SECRET"), PROBING);

        assertThat(diagnosis.verdict()).isEqualTo(Verdict.WRONG_REGION);
        assertThat(diagnosis.clientRegionId()).isEqualTo("eu-central-1");
        assertThat(diagnosis.render().lines().findFirst()).get().asString()
                .contains("authenticates in eu-central-1").contains("configured us-east-1");
        assertThat(diagnosis.evidence()).anyMatch(line -> line.startsWith("us-east-1") && line.contains("401 invalid_client"));
    }

    @Test
    void without_permission_to_probe_only_the_configured_region_is_asked() {
        Diagnosis diagnosis = diagnoser.diagnose(org("org-b", "us-east-1", "client-b", "ORG_B_SECRET"),
                DiagnoseOptions.defaults());

        assertThat(diagnosis.verdict()).isEqualTo(Verdict.CREDENTIALS_REJECTED);
        assertThat(diagnosis.cause()).contains("allow region probing");
        assertThat(simulator.stats().tokenRequests("client-b")).isEqualTo(1);
    }

    @Test
    void a_wrong_secret_is_rejected_everywhere_and_reported_as_such() {
        Diagnosis diagnosis = diagnoser.diagnose(org("org-a", "us-west-2", "client-a", "WRONG_SECRET"), PROBING);

        assertThat(diagnosis.verdict()).isEqualTo(Verdict.CREDENTIALS_REJECTED);
        assertThat(diagnosis.cause()).contains("secret is wrong or rotated");
    }

    @Test
    void an_unknown_client_id_is_client_not_found() {
        Diagnosis diagnosis = diagnoser.diagnose(org("org-a", "us-west-2", "nobody", "ORG_A_SECRET"), PROBING);

        assertThat(diagnosis.verdict()).isEqualTo(Verdict.CLIENT_NOT_FOUND);
    }

    @Test
    void credentials_of_another_org_are_an_org_mismatch() {
        Diagnosis diagnosis = diagnoser.diagnose(org("org-a", "eu-central-1", "client-b", "ORG_B_SECRET"), PROBING);

        assertThat(diagnosis.verdict()).isEqualTo(Verdict.ORG_MISMATCH);
        assertThat(diagnosis.cause()).contains("belongs to organization org-b");
    }

    @Test
    void a_missing_audit_permission_is_named() {
        Diagnosis diagnosis = diagnoser.diagnose(org("org-a", "us-west-2", "client-audit-less", "ORG_C_SECRET"), PROBING);

        assertThat(diagnosis.verdict()).isEqualTo(Verdict.MISSING_PERMISSION);
        assertThat(diagnosis.cause()).contains("audits:audit:view").doesNotContain("analytics:");
    }

    @Test
    void an_unset_secret_variable_is_reported_without_any_request() {
        Diagnosis diagnosis = diagnoser.diagnose(org("org-a", "us-west-2", "client-a", "NOT_SET_ANYWHERE"), PROBING);

        assertThat(diagnosis.verdict()).isEqualTo(Verdict.SECRET_UNAVAILABLE);
        assertThat(diagnosis.cause()).contains("env:NOT_SET_ANYWHERE");
        assertThat(simulator.stats().tokenRequests("client-a")).isZero();
    }
}
