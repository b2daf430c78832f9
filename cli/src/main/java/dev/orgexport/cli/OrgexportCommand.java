package dev.orgexport.cli;

import dev.orgexport.cli.demo.DemoCommand;
import dev.orgexport.cli.operator.AuditCommand;
import dev.orgexport.cli.operator.BackfillCommand;
import dev.orgexport.cli.operator.DiagnoseCommand;
import dev.orgexport.cli.operator.OrgsCommand;
import dev.orgexport.cli.operator.RunsCommand;
import dev.orgexport.cli.process.OrchestratorCommand;
import dev.orgexport.cli.process.SimulatorCommand;
import dev.orgexport.cli.process.WorkerCommand;
import dev.orgexport.cli.standalone.StandaloneCommand;
import picocli.CommandLine.Command;

/** The top-level {@code orgexport} command: a list of subcommands. */
@Command(name = "orgexport",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Scheduled bulk exports from many Genesys Cloud organizations, with every "
                + "authentication failure classified and audited.",
        subcommands = {DemoCommand.class, StandaloneCommand.class, SimulatorCommand.class, OrchestratorCommand.class, WorkerCommand.class,
                OrgsCommand.class, RunsCommand.class, BackfillCommand.class, AuditCommand.class, DiagnoseCommand.class},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Configuration: --config FILE plus ORGEXPORT_* environment variables; see README.md."})
public final class OrgexportCommand {
}
