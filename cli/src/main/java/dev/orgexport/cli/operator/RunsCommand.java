package dev.orgexport.cli.operator;

import dev.orgexport.cli.config.ConfigOption;
import dev.orgexport.cli.output.Listing;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.report.OperatorViews;
import dev.orgexport.schema.report.OperatorViews.RunLine;
import dev.orgexport.schema.run.RunState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code orgexport runs}: export runs, newest window first. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Lists export runs, newest window first: state, attempt, records and the last failure.")
public final class RunsCommand implements Callable<Integer>, OperatorCommand {

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Option(names = "--org", paramLabel = "ORG", description = "Only the runs of this org.")
    private String org;

    @Option(names = "--state", paramLabel = "STATE",
            description = "Only runs in this state: ${COMPLETION-CANDIDATES}.")
    private RunState state;

    @Option(names = "--limit", defaultValue = "100", description = "At most this many runs (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    private boolean json;

    @Override
    public Integer call() {
        try (Database database = config.openDatabase()) {
            var runs = new OperatorViews(database.dataSource()).runs(org, state == null ? null : state.name(), limit);
            new Listing<RunLine>()
                    .column("RUN", RunLine::runId)
                    .column("ORG", RunLine::orgId)
                    .column("KIND", RunLine::kind)
                    .column("WINDOW START", RunLine::windowStart)
                    .column("STATE", RunLine::state)
                    .column("ATTEMPT", RunLine::attempt)
                    .column("RECORDS", RunLine::records)
                    .column("NEXT ATTEMPT", RunLine::nextAttemptAt)
                    .column("LAST FAILURE", RunLine::lastFailureKind)
                    .print(spec.commandLine().getOut(), runs, json);
        }
        return 0;
    }
}
