package dev.orgexport.cli.operator;

import dev.orgexport.cli.config.ConfigOption;
import dev.orgexport.cli.config.PlatformConfiguration;
import dev.orgexport.platform.diagnose.DiagnoseOptions;
import dev.orgexport.platform.diagnose.Diagnosis;
import dev.orgexport.platform.gateway.PlatformGateway;
import dev.orgexport.platform.token.OrgCredentials;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.org.OrgRecord;
import dev.orgexport.schema.org.PostgresOrgStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code orgexport diagnose}: why an org cannot export, in one line, then the evidence. */
@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Tells why an org cannot export: tries its credentials at its configured region, checks that the "
                + "token belongs to the org and that the client has each export kind's permission.",
                "With --probe-regions, rejected credentials are also tried at every other region's login host, "
                        + "to find where the client really lives.",
                "Exit code 0 when the org is healthy, 1 when a problem was found."})
public final class DiagnoseCommand implements Callable<Integer>, OperatorCommand {

    @Mixin
    private ConfigOption config;

    @Spec
    private CommandSpec spec;

    @Option(names = "--org", required = true, paramLabel = "ORG", description = "The org id.")
    private String org;

    @Option(names = "--probe-regions", description = "Allow trying the credentials at every other region's login host.")
    private boolean probeRegions;

    @Override
    public Integer call() {
        OrgRecord record;
        try (Database database = config.openDatabase()) {
            record = new PostgresOrgStore(database.dataSource()).find(org)
                    .orElseThrow(() -> new ParameterException(spec.commandLine(), "unknown org '" + org + "'"));
        }
        try (PlatformGateway gateway = PlatformGateway.builder(PlatformConfiguration.from(config.configuration())).build()) {
            Diagnosis diagnosis = diagnose(gateway, record, probeRegions);
            spec.commandLine().getOut().println(diagnosis.render());
            // After the render: its first line is the cause, which scripts and operators read first.
            spec.commandLine().getOut().println("  org " + record.id() + " (" + record.name() + "), organization: "
                    + OrgsCommand.organization(record));
            return diagnosis.healthy() ? 0 : 1;
        }
    }

    /** Shared with the demo, which diagnoses its broken org at the end. */
    public static Diagnosis diagnose(PlatformGateway gateway, OrgRecord org, boolean probeRegions) {
        OrgCredentials credentials = OrgCredentials.of(org);
        return gateway.diagnoser().diagnose(credentials, DiagnoseOptions.defaults().withRegionProbing(probeRegions));
    }
}
