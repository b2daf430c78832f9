package dev.orgexport.cli.demo;

import dev.orgexport.schema.report.OperatorViews;
import dev.orgexport.schema.report.OperatorViews.RunLine;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Where the demo's runs stand. A run is settled when it finished, or when it waits for an
 * operator: its last failure is one that retrying cannot fix (wrong region or secret, missing
 * permission, another org's credentials) or its org is quarantined because of one.
 */
record DemoProgress(int total, int settled, Map<String, Long> byState) {

    private static final Set<String> NEEDS_OPERATOR = Set.of("CREDENTIALS_REJECTED", "CLIENT_NOT_FOUND", "ORG_MISMATCH",
            "TOKEN_REJECTED", "MISSING_PERMISSION", "ORG_QUARANTINED");

    static DemoProgress of(OperatorViews views) {
        List<RunLine> runs = views.runs(null, null, 10_000);
        int settled = (int) runs.stream().filter(DemoProgress::settled).count();
        Map<String, Long> byState = runs.stream().collect(Collectors.groupingBy(RunLine::state, TreeMap::new, Collectors.counting()));
        return new DemoProgress(runs.size(), settled, byState);
    }

    private static boolean settled(RunLine run) {
        return switch (run.state()) {
            case "SUCCEEDED", "FAILED", "CANCELLED" -> true;
            case "RETRY_WAIT" -> run.lastFailureKind() != null && NEEDS_OPERATOR.contains(run.lastFailureKind());
            default -> false;
        };
    }

    boolean done() {
        return total > 0 && settled == total;
    }

    String line() {
        return "runs settled " + settled + "/" + total + "  " + byState.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }
}
