package dev.orgexport.worker.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.schema.org.OrgOverrides;
import dev.orgexport.schema.org.OrgRecord;
import org.junit.jupiter.api.Test;

/** An org's apiBudgetPerMinute from orgs.yaml reaches the gateway's rate limiter when its run starts. */
class GatewayPlatformAccessTest {

    @Test
    void an_orgs_own_budget_replaces_the_global_one_for_its_limiter_and_is_dropped_with_the_override() {
        try (PlatformGateway gateway = PlatformGateway.builder(PlatformSettings.defaults()).build()) {
            GatewayPlatformAccess access = new GatewayPlatformAccess(gateway);
            int global = PlatformSettings.defaults().resilience().rateLimit().budget();

            access.forOrg(org(new OrgOverrides(600, null)));
            assertThat(gateway.orgBudgets().settingsFor("acme").budget()).isEqualTo(600);
            assertThat(gateway.orgBudgets().settingsFor("other").budget()).isEqualTo(global);
            assertThat(gateway.orgBudgets().permitsPerSecond("acme"))
                    .isGreaterThan(gateway.orgBudgets().permitsPerSecond("other"));

            access.forOrg(org(OrgOverrides.NONE));
            assertThat(gateway.orgBudgets().settingsFor("acme").budget()).isEqualTo(global);
        }
    }

    private static OrgRecord org(OrgOverrides overrides) {
        return new OrgRecord("acme", "Acme", "us-east-1", "acme-client", "env:ACME_SECRET", true, false, null, null,
                overrides);
    }
}
