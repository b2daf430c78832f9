package dev.orgexport.schema.org;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orgexport.devstack.postgres.FreshDatabase;
import dev.orgexport.devstack.postgres.PostgresProvider;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.db.DatabaseConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pinning an org's organization on real PostgreSQL: once, whoever races, with one audit row. */
class PostgresOrgPinsIT {

    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private static Database database;
    private static PostgresOrgPins pins;
    private static PostgresAuditStore audit;

    @BeforeAll
    static void database() throws SQLException {
        FreshDatabase fresh = PostgresProvider.shared().freshDatabase("pins");
        database = Database.open(DatabaseConfig.of(fresh.jdbcUrl(), fresh.user(), fresh.password()).withMaxPoolSize(12));
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            for (String org : List.of("org-a", "org-b", "org-c")) {
                statement.execute("INSERT INTO org (id, name, region, client_id, secret_ref) VALUES ('" + org + "', '"
                        + org + "', 'us-east-1', 'client-" + org + "', 'env:SECRET')");
            }
        }
        pins = new PostgresOrgPins(database.dataSource());
        audit = new PostgresAuditStore(database.dataSource());
    }

    @AfterAll
    static void close() {
        if (database != null) {
            database.close();
        }
    }

    private static AuditEvent row(String org, OrgPin pin) {
        return new AuditEvent(UUID.randomUUID(), pin.pinnedAt(), org, "OrgExport", "SYSTEM", "PinOrganization",
                "Organization", pin.organizationId(), pin.organizationName(), "SUCCESS", "ORG_PINNED",
                "pinned to " + pin.describe(), AuditEvent.Context.NONE);
    }

    private static OrgPin pin(String organization, String client) {
        return new OrgPin(organization, "Name of " + organization, T0, client, "us-east-1");
    }

    @Test
    void ten_workers_racing_to_pin_one_org_leave_one_pin_one_audit_row_and_all_learn_the_winner() throws Exception {
        ExecutorService racers = Executors.newFixedThreadPool(10);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<PostgresOrgPins.Outcome>>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                String organization = "9f6c2a4e-1b7d-4c3e-8a5f-2d9e7b1c0a4" + i;
                outcomes.add(racers.submit(() -> {
                    go.await();
                    return pins.pin("org-a", pin(organization, "client-" + organization), pin -> row("org-a", pin));
                }));
            }
            go.countDown();
            List<PostgresOrgPins.Outcome> results = new ArrayList<>();
            for (Future<Optional<PostgresOrgPins.Outcome>> outcome : outcomes) {
                results.add(outcome.get().orElseThrow());
            }
            assertThat(results).filteredOn(PostgresOrgPins.Outcome::pinned).hasSize(1);
            OrgPin winner = results.stream().filter(PostgresOrgPins.Outcome::pinned).findFirst().orElseThrow().pin();
            assertThat(results).extracting(PostgresOrgPins.Outcome::pin).containsOnly(winner);
            assertThat(audit.since(T0.minusSeconds(1), "org-a", 100)).singleElement()
                    .satisfies(event -> assertThat(event.entityId()).isEqualTo(winner.organizationId()));
            assertThat(new PostgresOrgStore(database.dataSource()).find("org-a").orElseThrow().pin()).isEqualTo(winner);
        } finally {
            racers.shutdownNow();
        }
    }

    @Test
    void a_pinned_org_keeps_its_pin_and_a_later_candidate_only_learns_it() {
        OrgPin first = pin("11111111-1111-4111-8111-111111111111", "client-1");
        assertThat(pins.pin("org-b", first, pin -> row("org-b", pin))).contains(new PostgresOrgPins.Outcome(first, true));

        Optional<PostgresOrgPins.Outcome> later = pins.pin("org-b", pin("22222222-2222-4222-8222-222222222222", "client-2"),
                pin -> row("org-b", pin));

        assertThat(later).contains(new PostgresOrgPins.Outcome(first, false));
        assertThat(audit.since(T0.minusSeconds(1), "org-b", 100)).hasSize(1);
    }

    @Test
    void an_unknown_org_is_not_pinned() {
        assertThat(pins.pin("nobody", pin("33333333-3333-4333-8333-333333333333", "c"), pin -> row("nobody", pin))).isEmpty();
    }
}
