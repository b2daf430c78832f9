package dev.orgexport.worker.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.orgexport.platform.api.JobState;
import dev.orgexport.platform.api.JobStatus;
import dev.orgexport.platform.api.ResultsPage;
import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.platform.gateway.PlatformSettings;
import dev.orgexport.platform.region.BaseUrls;
import dev.orgexport.platform.region.RegionSettings;
import dev.orgexport.platform.secret.SecretResolver;
import dev.orgexport.schema.org.OrgOverrides;
import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.schema.task.TimeWindow;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An org's {@code serviceNames} from orgs.yaml reach its audit query on the wire: the simulator,
 * which answers only the asked service as the platform does, returns only that service's
 * events; an org without the override gets every service.
 */
class OrgAuditServicesIT {

    private static final String SECRET = "audit-services-secret";

    private Simulator simulator;
    private PlatformGateway gateway;

    @BeforeEach
    void start() {
        simulator = Simulator.start(SimulatorConfig.builder()
                .data(new SimulatorConfig.DataSizing(60, 120, 8, Duration.ZERO))
                .org("acme", "Acme", "us-east-1").client(SimulatorConfig.Client.of("acme-client", SECRET, "acme"))
                .build(), 0);
        RegionSettings regions = RegionSettings.defaults()
                .withBaseUrls("us-east-1", BaseUrls.both("http://127.0.0.1:" + simulator.port() + "/us-east-1"));
        gateway = PlatformGateway.builder(PlatformSettings.defaults().withRegions(regions))
                .secrets(SecretResolver.of(Map.of("ACME_SECRET", SECRET))).build();
    }

    @AfterEach
    void stop() {
        gateway.close();
        simulator.close();
    }

    @Test
    void an_org_naming_one_service_exports_only_that_services_events_and_others_export_every_service()
            throws Exception {
        GatewayPlatformAccess access = new GatewayPlatformAccess(gateway);

        Set<String> asked = services(access.forOrg(org(List.of("PeoplePermissions"))));
        Set<String> all = services(access.forOrg(org(null)));
        Set<String> several = services(access.forOrg(org(List.of("PeoplePermissions", "Architect"))));

        assertThat(asked).containsExactly("PeoplePermissions");
        assertThat(all).as("services of an org without serviceNames").contains("PeoplePermissions").hasSizeGreaterThan(1);
        assertThat(several).as("an audit query takes one serviceName: an org naming two gets every service")
                .isEqualTo(all);
    }

    private static Set<String> services(PlatformAccess.OrgExports exports) throws Exception {
        Instant end = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
        TimeWindow window = new TimeWindow(end.minus(Duration.ofHours(6)), end);
        String job = exports.submit(ExportKind.AUDIT_EVENTS, window).get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JobStatus status = exports.status(ExportKind.AUDIT_EVENTS, job).get(30, TimeUnit.SECONDS);
        while (status.state() != JobState.SUCCEEDED && System.nanoTime() < deadline) {
            Thread.sleep(100);
            status = exports.status(ExportKind.AUDIT_EVENTS, job).get(30, TimeUnit.SECONDS);
        }
        assertThat(status.state()).as("audit query %s", job).isEqualTo(JobState.SUCCEEDED);
        Set<String> services = new TreeSet<>();
        List<JsonNode> records = new ArrayList<>();
        String cursor = null;
        do {
            ResultsPage page = exports.resultsPage(ExportKind.AUDIT_EVENTS, job, cursor, 500).get(30, TimeUnit.SECONDS);
            records.addAll(page.records());
            cursor = page.nextCursor();
        } while (cursor != null);
        records.forEach(record -> services.add(record.path("serviceName").asText()));
        assertThat(records).as("audit events in %s", window).isNotEmpty();
        return services;
    }

    private static OrgRecord org(List<String> serviceNames) {
        return new OrgRecord("acme", "Acme", "us-east-1", "acme-client", "env:ACME_SECRET", true, false, null, null,
                new OrgOverrides(null, serviceNames));
    }
}
