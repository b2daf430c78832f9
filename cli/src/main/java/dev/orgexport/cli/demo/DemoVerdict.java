package dev.orgexport.cli.demo;

import dev.orgexport.platform.diagnose.Diagnosis;
import dev.orgexport.schema.report.OperatorViews.RunLine;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.Predicate;

/** Checks that the demo told the seed's story: each claim printed as ok or NOT, all must hold. */
final class DemoVerdict {

    private DemoVerdict() {
    }

    static boolean check(PrintWriter out, List<RunLine> runs, Diagnosis diagnosis) {
        out.println("== story");
        boolean held = claim(out, "primary: every run SUCCEEDED", all(runs, "primary", null, r -> r.state().equals("SUCCEEDED")));
        held &= claim(out, "emea: every run SUCCEEDED", all(runs, "emea", null, r -> r.state().equals("SUCCEEDED")));
        held &= claim(out, "secondary: no file, CREDENTIALS_REJECTED recorded",
                all(runs, "secondary", null, r -> !r.state().equals("SUCCEEDED"))
                        && any(runs, "secondary", r -> "CREDENTIALS_REJECTED".equals(r.lastFailureKind())));
        held &= claim(out, "restricted: conversation-details stopped with MISSING_PERMISSION",
                all(runs, "restricted", "conversation-details", r -> "MISSING_PERMISSION".equals(r.lastFailureKind())));
        held &= claim(out, "restricted: user-details and audit-events SUCCEEDED",
                all(runs, "restricted", "user-details", r -> r.state().equals("SUCCEEDED"))
                        && all(runs, "restricted", "audit-events", r -> r.state().equals("SUCCEEDED")));
        held &= claim(out, "diagnosis of secondary names us-west-2", "us-west-2".equals(diagnosis.clientRegionId())
                && diagnosis.render().contains("us-west-2"));
        return held;
    }

    private static boolean all(List<RunLine> runs, String org, String kind, Predicate<RunLine> test) {
        List<RunLine> selected = runs.stream()
                .filter(r -> r.orgId().equals(org) && (kind == null || r.kind().equals(kind))).toList();
        return !selected.isEmpty() && selected.stream().allMatch(test);
    }

    private static boolean any(List<RunLine> runs, String org, Predicate<RunLine> test) {
        return runs.stream().filter(r -> r.orgId().equals(org)).anyMatch(test);
    }

    private static boolean claim(PrintWriter out, String claim, boolean holds) {
        out.println((holds ? "  ok   " : "  NOT  ") + claim);
        return holds;
    }
}
