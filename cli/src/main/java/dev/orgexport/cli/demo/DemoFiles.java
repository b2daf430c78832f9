package dev.orgexport.cli.demo;

import dev.orgexport.schema.report.OperatorViews.RunLine;
import dev.orgexport.schema.task.ExportKind;
import dev.orgexport.simulator.Simulator;
import dev.orgexport.simulator.Truth;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;

/** The demo's list of files written, each checked against what the simulator says it must hold. */
final class DemoFiles {

    private DemoFiles() {
    }

    /** Prints one line per file; returns whether every file matched the simulator's truth. */
    static boolean print(PrintWriter out, List<RunLine> succeeded, Simulator simulator) {
        boolean allTrue = true;
        List<RunLine> sorted = succeeded.stream()
                .sorted(Comparator.comparing(RunLine::orgId).thenComparing(RunLine::kind).thenComparing(RunLine::windowStart))
                .toList();
        for (RunLine run : sorted) {
            Truth truth = simulator.truth(DemoScenario.organizationIdOf(run.orgId()), ExportKind.fromWireName(run.kind()), run.windowStart(), run.windowEnd());
            boolean matches = truth.records() == run.records() && truth.sha256().equals(run.sha256());
            allTrue &= matches;
            out.printf("  %-11s %-21s %s  %4d records  sha256 %s…  %s%n", run.orgId(), run.kind(), run.windowStart(),
                    run.records(), run.sha256().substring(0, 12), matches ? "verified" : "MISMATCH with the simulator");
        }
        if (sorted.isEmpty()) {
            out.println("  (no file was written)");
        } else {
            out.println("  " + sorted.size() + " files under " + commonRoot(sorted));
        }
        return allTrue && !sorted.isEmpty();
    }

    private static String commonRoot(List<RunLine> runs) {
        String location = runs.get(0).location();
        int orgDir = location.lastIndexOf("/" + runs.get(0).orgId() + "/");
        return orgDir < 0 ? location : location.substring(0, orgDir);
    }
}
