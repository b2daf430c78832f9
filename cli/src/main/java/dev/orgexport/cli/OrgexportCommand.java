package dev.orgexport.cli;

import dev.orgexport.cli.demo.DemoCommand;
import picocli.CommandLine.Command;

/** The top-level {@code orgexport} command: a list of subcommands. */
@Command(name = "orgexport",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Scheduled bulk exports from many Genesys Cloud organizations, with every "
                + "authentication failure classified and audited.",
        subcommands = {DemoCommand.class},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Configuration: --config FILE plus ORGEXPORT_* environment variables; see README.md."})
public final class OrgexportCommand {
}
