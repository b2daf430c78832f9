package dev.orgexport.cli.operator;

import dev.orgexport.cli.config.ConfigOption;
import dev.orgexport.orchestrator.OrchestratorException;
import dev.orgexport.orchestrator.backfill.Backfill;
import dev.orgexport.orchestrator.backfill.BackfillResult;
import dev.orgexport.orchestrator.backfill.RangeBound;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.org.PostgresOrgStore;
import dev.orgexport.schema.schedule.ExportSchedule;
import dev.orgexport.schema.schedule.PostgresScheduleStore;
import dev.orgexport.schema.task.ExportKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code orgexport backfill}: creates the runs of past windows of one or many orgs and kinds in
 * one process; running it twice creates nothing new. One org and one kind prints the one result
 * (and fails as before); more print a progress line per (org, kind) and a summary, and go on past
 * a failed pair.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = {"Creates the runs for the windows of [--from, --to) of the given orgs (or --all) and kinds (or "
                + "every kind each org exports), using each schedule's window length; windows that already have a run "
                + "are left alone.",
                "With several orgs or kinds: a progress line per org and kind, then a summary; exit code 1 when any "
                        + "of them failed. With --all, orgs that are paused or lack a named kind are skipped."})
public final class BackfillCommand implements Callable<Integer>, OperatorCommand {

    @Mixin
    private ConfigOption config;

    @Mixin
    private OrgSelection orgs;

    @Spec
    private CommandSpec spec;

    @Option(names = "--kind", paramLabel = "KIND", split = ",", converter = ExportKindConverter.class,
            description = "conversation-details, user-details or audit-events; repeat it or separate kinds with "
                    + "commas. Default: every kind each org exports.")
    private List<ExportKind> kinds = new ArrayList<>();

    @Option(names = "--from", required = true, paramLabel = "WHEN", converter = RangeBoundConverter.class,
            description = "First window start: an ISO-8601 instant on the window grid (2026-11-28T00:00:00Z), or a "
                    + "duration back from now (P1D, PT3H) meaning the start of the window holding that moment.")
    private RangeBound from;

    @Option(names = "--to", required = true, paramLabel = "WHEN", converter = RangeBoundConverter.class,
            description = "End of the last window, in the same forms: --from P1D --to PT2H is every window of the "
                    + "last day that ended two hours ago or earlier, for each org and kind on its own grid.")
    private RangeBound to;

    /** Reads --from and --to while the command line is parsed: a wrong value is a usage error (exit 2). */
    static final class RangeBoundConverter implements ITypeConverter<RangeBound> {
        @Override
        public RangeBound convert(String value) {
            try {
                return RangeBound.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    @Option(names = "--requeue", description = "Also publish again the tasks of the range's existing QUEUED and "
            + "RETRY_WAIT runs (a task was lost: dead-lettered while the org was disabled, expired, topic re-created).")
    private boolean requeue;

    @Option(names = "--reexport", description = "Instead of creating runs, export the range's SUCCEEDED windows again "
            + "(late changes): a window whose content changed gets a new version of its file (<start>_<end>.vN); "
            + "earlier versions are kept.")
    private boolean reexport;

    /** One backfill to do. */
    private record Pair(String orgId, ExportKind kind) {
        @Override
        public String toString() {
            return orgId + " " + kind.wireName();
        }
    }

    @Override
    public Integer call() {
        orgs.check();
        try (Database database = config.openDatabase()) {
            Backfill backfill = new Backfill(database.dataSource(), Clock.systemUTC());
            List<OrgRecord> registry = new PostgresOrgStore(database.dataSource()).findAll();
            List<String> ids = orgs.ids(() -> registry);
            if (ids.size() == 1 && kinds.size() == 1 && !orgs.all()) {
                spec.commandLine().getOut().println(reexport
                        ? reexported(backfill.reexport(ids.get(0), kinds.get(0), from, to))
                        : backfill.run(ids.get(0), kinds.get(0), from, to, requeue).render());
                return 0;
            }
            Map<String, List<ExportKind>> scheduled = new PostgresScheduleStore(database.dataSource()).findAll().stream()
                    .filter(ExportSchedule::enabled)
                    .collect(Collectors.groupingBy(ExportSchedule::orgId,
                            Collectors.mapping(ExportSchedule::kind, Collectors.toList())));
            List<Pair> pairs = new ArrayList<>();
            List<String> withoutExports = new ArrayList<>();
            for (String id : ids) {
                List<ExportKind> wanted = kinds.isEmpty() ? scheduled.getOrDefault(id, List.of()) : kinds;
                if (wanted.isEmpty() && !orgs.all()) {
                    withoutExports.add(id);
                }
                Arrays.stream(ExportKind.values()).filter(wanted::contains).forEach(kind -> pairs.add(new Pair(id, kind)));
            }
            List<String> paused = registry.stream().filter(OrgRecord::paused).map(OrgRecord::id).toList();
            return run(backfill, pairs, scheduled, paused, withoutExports);
        }
    }

    private int run(Backfill backfill, List<Pair> pairs, Map<String, List<ExportKind>> scheduled, List<String> paused,
                    List<String> withoutExports) {
        BatchReport report = new BatchReport(spec.commandLine().getOut(), "backfill", pairs.size() + withoutExports.size());
        for (String id : withoutExports) {
            report.failed(id, "no enabled export in the registry (or no such org; see orgexport orgs list)");
        }
        long windows = 0;
        long created = 0;
        long requeued = 0;
        for (Pair pair : pairs) {
            if (orgs.all() && paused.contains(pair.orgId())) {
                report.skipped(pair.toString(), "the org is paused (resume it to backfill it)");
                continue;
            }
            if (orgs.all() && !scheduled.getOrDefault(pair.orgId(), List.of()).contains(pair.kind())) {
                report.skipped(pair.toString(), "no " + pair.kind().wireName() + " export");
                continue;
            }
            try {
                if (reexport) {
                    int queued = backfill.reexport(pair.orgId(), pair.kind(), from, to);
                    requeued += queued;
                    report.succeeded(pair.toString(), reexported(queued));
                    continue;
                }
                BackfillResult result = backfill.run(pair.orgId(), pair.kind(), from, to, requeue);
                windows += result.windows();
                created += result.created();
                requeued += result.requeued();
                report.succeeded(pair.toString(), result.windows() + " windows, " + result.created() + " runs created, "
                        + result.existing() + " already existed"
                        + (requeue ? ", " + result.requeued() + " re-queued" : ""));
            } catch (OrchestratorException e) {
                report.failed(pair.toString(), e.getMessage());
            }
        }
        return report.finish(reexport ? reexported(requeued) : windows + " windows, " + created + " runs created"
                + (requeue ? ", " + requeued + " re-queued" : ""));
    }

    private String reexported(long queued) {
        return queued + " SUCCEEDED runs in [" + from + ", " + to + ") queued for re-export";
    }
}
