package dev.orgexport.cli.operator;

import dev.orgexport.cli.config.ConfigOption;
import dev.orgexport.cli.output.Listing;
import dev.orgexport.schema.audit.AuditEvent;
import dev.orgexport.schema.audit.PostgresAuditStore;
import dev.orgexport.schema.db.Database;
import dev.orgexport.schema.report.OperatorViews;
import dev.orgexport.schema.report.OperatorViews.AuditSummaryLine;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code orgexport audit tail|summary}: the audit trail of authentication failures and operator actions. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Reads the audit trail: every authentication failure, quarantine and operator action.",
        subcommands = {AuditCommand.Tail.class, AuditCommand.Summary.class})
public final class AuditCommand implements OperatorCommand {

    /** {@code --since}: an ISO-8601 instant, or a duration back from now such as PT1H or P1D. */
    static Instant since(String value) {
        if (value.startsWith("P") || value.startsWith("p")) {
            return Instant.now().minus(Duration.parse(value));
        }
        return Instant.parse(value);
    }

    /**
     * Converts {@code --since} while the command line is parsed, so that a wrong value is a usage
     * error (exit 2, one line) and not a failure found after PostgreSQL was opened.
     */
    static final class SinceConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return since(value);
            } catch (DateTimeException | ArithmeticException e) {
                throw new TypeConversionException("'" + value + "' is neither an ISO-8601 instant such as "
                        + "2026-11-28T00:00:00Z nor a duration back from now such as PT1H or P1D");
            }
        }
    }

    @Command(name = "tail", mixinStandardHelpOptions = true, description = "Prints audit events, oldest first.")
    static final class Tail implements Callable<Integer> {
        @Mixin
        private ConfigOption config;

        @Spec
        private CommandSpec spec;

        @Option(names = "--org", paramLabel = "ORG", description = "Only the events of this org.")
        private String org;

        @Option(names = "--since", defaultValue = "PT24H", paramLabel = "WHEN", converter = SinceConverter.class,
                description = "An ISO-8601 instant, or a duration back from now (default: ${DEFAULT-VALUE}).")
        private Instant since;

        @Option(names = "--follow", description = "Keep printing new events until interrupted.")
        private boolean follow;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        private boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Database database = config.openDatabase()) {
                PostgresAuditStore audit = new PostgresAuditStore(database.dataSource());
                Instant from = since;
                do {
                    List<AuditEvent> events = audit.since(from, org, 1000);
                    if (!events.isEmpty() || !follow) {
                        listing().print(out, events, json);
                    }
                    if (!events.isEmpty()) {
                        from = events.get(events.size() - 1).eventDate().plusNanos(1000);
                    }
                    if (follow) {
                        LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
                    }
                } while (follow && !Thread.currentThread().isInterrupted());
            }
            return 0;
        }

        private static Listing<AuditEvent> listing() {
            return new Listing<AuditEvent>()
                    .column("DATE", AuditEvent::eventDate)
                    .column("ORG", AuditEvent::orgId)
                    .column("ACTION", AuditEvent::action)
                    .column("STATUS", AuditEvent::status)
                    .column("KIND", e -> e.context().failureKind())
                    .column("REGION", e -> e.context().region())
                    .column("HTTP", e -> e.context().httpStatus())
                    .column("CORRELATION", e -> e.context().correlationId())
                    .column("CLIENT", AuditEvent::entityId)
                    .column("MESSAGE", AuditEvent::message);
        }
    }

    @Command(name = "summary", mixinStandardHelpOptions = true,
            description = "Per org: authentication failures by kind, the last failure, its hint and quarantine state.")
    public static final class Summary implements Callable<Integer> {
        @Mixin
        private ConfigOption config;

        @Spec
        private CommandSpec spec;

        @Option(names = "--since", defaultValue = "PT24H", paramLabel = "WHEN", converter = SinceConverter.class,
                description = "An ISO-8601 instant, or a duration back from now (default: ${DEFAULT-VALUE}).")
        private Instant since;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        private boolean json;

        @Override
        public Integer call() {
            try (Database database = config.openDatabase()) {
                print(spec.commandLine().getOut(), new OperatorViews(database.dataSource()).auditSummary(since, Instant.now()), json);
            }
            return 0;
        }

        /** Shared with the demo, which prints the same summary at its end. */
        public static void print(PrintWriter out, List<AuditSummaryLine> lines, boolean json) {
            new Listing<AuditSummaryLine>()
                    .column("ORG", AuditSummaryLine::orgId)
                    .column("FAILURE KIND", AuditSummaryLine::failureKind)
                    .column("COUNT", AuditSummaryLine::failures)
                    .column("LAST", AuditSummaryLine::lastFailure)
                    .column("QUARANTINED UNTIL", AuditSummaryLine::quarantinedUntil)
                    .column("HINT", AuditSummaryLine::hint)
                    .print(out, lines, json);
        }
    }
}
