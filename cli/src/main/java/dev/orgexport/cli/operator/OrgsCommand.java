package dev.orgexport.cli.operator;

import dev.orgexport.cli.config.ConfigOption;
import dev.orgexport.cli.config.OrchestratorBinding;
import dev.orgexport.cli.output.Listing;
import dev.orgexport.orchestrator.OrchestratorException;
import dev.orgexport.orchestrator.control.ControlResult;
import dev.orgexport.orchestrator.control.OrgControls;
import dev.orgexport.orchestrator.registry.ApplyResult;
import dev.orgexport.orchestrator.registry.OrgRegistry;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.org.PostgresOrgStore;
import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.cli.output.Durations;
import dev.orgexport.schema.report.FreshnessView;
import dev.orgexport.schema.report.FreshnessView.Freshness;
import dev.orgexport.schema.report.OperatorViews;
import dev.orgexport.schema.report.OperatorViews.RunCount;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code orgexport orgs ...}: the org registry and the operator controls of one org. */
@Command(name = "orgs", mixinStandardHelpOptions = true,
        description = "Applies the org registry (orgs.yaml), lists orgs and their run states, pauses, resumes or releases an org.",
        subcommands = {OrgsCommand.Apply.class, OrgsCommand.ListOrgs.class, OrgsCommand.Status.class,
                OrgsCommand.Pause.class, OrgsCommand.Resume.class, OrgsCommand.Release.class})
public final class OrgsCommand implements OperatorCommand {

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Validates the whole registry file, reporting every error with its line number, then applies it "
                    + "in one transaction and prints what changed.",
                    "Orgs missing from the file are disabled, never deleted."})
    static final class Apply implements Callable<Integer> {
        @Mixin
        private ConfigOption config;

        @Spec
        private CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The registry, e.g. examples/orgs.yaml.")
        private Path file;

        @Option(names = "--dry-run", description = "Validate and print the diff without changing anything.")
        private boolean dryRun;

        @Option(names = "--operator", paramLabel = "NAME",
                description = "Who applies, for the audit row of each org changed (default: the OS user).")
        private String operator = System.getProperty("user.name", "operator");

        @Override
        public Integer call() {
            try (Database database = config.openDatabase()) {
                OrgRegistry registry = new OrgRegistry(database.dataSource(), Clock.systemUTC(), RegionCatalog.builtIn(),
                        OrchestratorBinding.registry(config.configuration()));
                ApplyResult result = registry.apply(file, dryRun, operator);
                spec.commandLine().getOut().print(result.render());
                spec.commandLine().getOut().flush();
                return result.valid() ? 0 : 1;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the orgs of the registry.")
    static final class ListOrgs implements Callable<Integer> {
        @Mixin
        private ConfigOption config;

        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        private boolean json;

        @Override
        public Integer call() {
            try (Database database = config.openDatabase()) {
                new Listing<OrgRecord>()
                        .column("ORG", OrgRecord::id)
                        .column("NAME", OrgRecord::name)
                        .column("REGION", OrgRecord::region)
                        .column("ORGANIZATION", OrgsCommand::organization)
                        .column("CLIENT", OrgRecord::clientId)
                        .column("SECRET", OrgRecord::secretRef)
                        .column("ENABLED", OrgRecord::enabled)
                        .column("PAUSED", OrgRecord::paused)
                        .print(spec.commandLine().getOut(), new PostgresOrgStore(database.dataSource()).findAll(), json);
            }
            return 0;
        }
    }

    /**
     * Which platform organization the org's tokens must belong to, and where that comes from:
     * {@code organizationId} in orgs.yaml, the pin of its first verified token, or neither yet.
     */
    public static String organization(OrgRecord org) {
        if (org.pin() == null) {
            return org.organizationId() == null ? "not pinned yet (the first verified token pins it)"
                    : org.organizationId() + ", from orgs.yaml, not pinned yet";
        }
        String pinned = "pinned " + org.pin().pinnedAt() + " by client " + org.pin().clientId() + " in "
                + org.pin().region();
        return org.pin().describe() + (org.organizationId() == null ? ", " : ", from orgs.yaml, ") + pinned;
    }

    /** One org's runs per state and its freshness per kind, as printed by {@code orgs status} and the demo. */
    public record OrgStatus(String orgId, Map<String, Long> runsByState, List<Freshness> freshness) {
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"Per org: how many runs are in each state; then per org and kind: the newest window exported, "
                    + "how many due windows are missing and how late the oldest of them is.",
                    "A window is missing when its run is not SUCCEEDED (CANCELLED excepted) or when it is due and has "
                            + "no run yet (a paused org, no scheduler running)."})
    static final class Status implements Callable<Integer> {
        @Mixin
        private ConfigOption config;

        @Spec
        private CommandSpec spec;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        private boolean json;

        @Override
        public Integer call() {
            try (Database database = config.openDatabase()) {
                Map<String, String> organizations = new PostgresOrgStore(database.dataSource()).findAll().stream()
                        .collect(Collectors.toMap(OrgRecord::id, OrgsCommand::organization));
                printStatus(spec, new OperatorViews(database.dataSource()).runCounts(),
                        new FreshnessView(database.dataSource()).perOrgAndKind(Instant.now()), organizations, json);
            }
            return 0;
        }
    }

    /**
     * Prints run counts per org and state, then the freshness per org and kind (text), or one
     * JSON array of {@link OrgStatus}; shared with the demo's final report.
     */
    public static void printStatus(CommandSpec spec, List<RunCount> counts, List<Freshness> freshness, boolean json) {
        printStatus(spec, counts, freshness, null, json);
    }

    /** @param organizations each org's organization ({@link #organization}); null: no such column */
    static void printStatus(CommandSpec spec, List<RunCount> counts, List<Freshness> freshness,
                            Map<String, String> organizations, boolean json) {
        Map<String, Map<String, Long>> byOrg = counts.stream().collect(Collectors.groupingBy(RunCount::orgId, TreeMap::new,
                Collectors.toMap(RunCount::state, RunCount::runs, Long::sum, TreeMap::new)));
        Map<String, List<Freshness>> freshnessByOrg = freshness.stream()
                .collect(Collectors.groupingBy(Freshness::orgId, TreeMap::new, Collectors.toList()));
        List<OrgStatus> rows = byOrg.entrySet().stream().map(e -> new OrgStatus(e.getKey(), e.getValue(),
                freshnessByOrg.getOrDefault(e.getKey(), List.of()))).toList();
        Listing<OrgStatus> listing = new Listing<OrgStatus>().column("ORG", OrgStatus::orgId);
        for (String state : List.of("QUEUED", "RUNNING", "RETRY_WAIT", "SUCCEEDED", "FAILED", "CANCELLED")) {
            listing.column(state, row -> row.runsByState().getOrDefault(state, 0L));
        }
        if (organizations != null) {
            listing.column("ORGANIZATION", row -> organizations.getOrDefault(row.orgId(), ""));
        }
        PrintWriter out = spec.commandLine().getOut();
        listing.print(out, rows, json);
        if (!json) {
            out.println();
            new Listing<Freshness>()
                    .column("ORG", Freshness::orgId)
                    .column("KIND", Freshness::kind)
                    .column("NEWEST EXPORTED", f -> f.newestExportedEnd() == null ? "never" : "up to " + f.newestExportedEnd())
                    .column("MISSING", Freshness::missingWindows)
                    .column("OLDEST MISSING", Freshness::oldestMissingStart)
                    .column("LATE BY", f -> f.missingWindows() == 0 ? null : Durations.human(f.oldestMissingAge()))
                    .print(out, freshness, false);
        }
    }

    /**
     * The shared shape of pause, resume and release: one org prints its one line (and fails as
     * before); several orgs, or {@code --all}, print a progress line per org and a summary, and go
     * on past an org that fails.
     */
    abstract static class Control implements Callable<Integer> {
        @Mixin
        private ConfigOption config;

        @Mixin
        private OrgSelection orgs;

        @Spec
        private CommandSpec spec;

        @Option(names = "--operator", paramLabel = "NAME", description = "Who acts, for the audit row (default: the OS user).")
        private String operator = System.getProperty("user.name", "operator");

        abstract BiFunction<String, String, ControlResult> action(OrgControls controls);

        @Override
        public Integer call() {
            orgs.check();
            try (Database database = config.openDatabase()) {
                List<String> ids = orgs.ids(() -> new PostgresOrgStore(database.dataSource()).findAll());
                BiFunction<String, String, ControlResult> action =
                        action(new OrgControls(database.dataSource(), Clock.systemUTC()));
                if (ids.size() == 1 && !orgs.all()) {
                    spec.commandLine().getOut().println(action.apply(ids.get(0), operator).render());
                    return 0;
                }
                BatchReport report = new BatchReport(spec.commandLine().getOut(), "orgs " + spec.name(), ids.size());
                int changed = 0;
                for (String id : ids) {
                    try {
                        ControlResult result = action.apply(id, operator);
                        changed += result.changed() ? 1 : 0;
                        report.succeeded(id, result.render());
                    } catch (OrchestratorException e) {
                        report.failed(id, e.getMessage());
                    }
                }
                return report.finish(changed + " changed, " + (ids.size() - changed) + " already so or failed");
            }
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true,
            description = "Stops scheduling new windows for an org until it is resumed (audited).")
    static final class Pause extends Control {
        @Override
        BiFunction<String, String, ControlResult> action(OrgControls controls) {
            return controls::pause;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Schedules a paused org again (audited).")
    static final class Resume extends Control {
        @Override
        BiFunction<String, String, ControlResult> action(OrgControls controls) {
            return controls::resume;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Clears an org's quarantine and makes its waiting runs due now (audited).")
    static final class Release extends Control {
        @Override
        BiFunction<String, String, ControlResult> action(OrgControls controls) {
            return controls::release;
        }
    }
}
