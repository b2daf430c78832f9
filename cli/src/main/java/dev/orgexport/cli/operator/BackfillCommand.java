package dev.orgexport.cli.operator;

import dev.orgexport.cli.config.ConfigOption;
import dev.orgexport.orchestrator.backfill.Backfill;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.task.ExportKind;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orgexport backfill}: creates the runs of past windows; running it twice creates nothing new. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Creates the runs for the windows of [--from, --to) of one org and kind, using the schedule's "
                + "window length; windows that already have a run are left alone.")
public final class BackfillCommand implements Callable<Integer> {

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Option(names = "--org", required = true, paramLabel = "ORG", description = "The org id.")
    private String org;

    @Option(names = "--kind", required = true, paramLabel = "KIND", converter = ExportKindConverter.class,
            description = "conversation-details, user-details or audit-events.")
    private ExportKind kind;

    @Option(names = "--from", required = true, paramLabel = "INSTANT", description = "First window start, ISO-8601 (2026-11-28T00:00:00Z).")
    private Instant from;

    @Option(names = "--to", required = true, paramLabel = "INSTANT", description = "End of the last window, ISO-8601.")
    private Instant to;

    @Option(names = "--requeue", description = "Also publish again the tasks of the range's existing QUEUED and "
            + "RETRY_WAIT runs (a task was lost: dead-lettered while the org was disabled, expired, topic re-created).")
    private boolean requeue;

    @Override
    public Integer call() {
        try (Database database = config.openDatabase()) {
            spec.commandLine().getOut().println(new Backfill(database.dataSource(), Clock.systemUTC()).run(org, kind, from, to, requeue).render());
        }
        return 0;
    }
}
