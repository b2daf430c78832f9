package dev.orgexport.cli.demo;

import dev.orgexport.platform.failure.FailureKind;
import dev.orgexport.schema.report.OperatorViews;
import dev.orgexport.schema.report.OperatorViews.RunLine;
import dev.orgexport.schema.run.RunFailure;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where the demo's runs stand. A run is settled when it finished, or when it waits for an
 * operator: its last failure is one that retrying cannot fix (wrong region or secret, missing
 * permission, another org's credentials) or its org is quarantined because of one.
 */
record DemoProgress(int total, int settled, Map<String, Long> byState) {

    /** The kinds the platform's failure table audits every time, and a quarantine caused by one. */
    private static final Set<String> NEEDS_OPERATOR = Stream.concat(
            Arrays.stream(FailureKind.values()).filter(FailureKind::alwaysAudited).map(FailureKind::name),
            Stream.of(RunFailure.ORG_QUARANTINED)).collect(Collectors.toUnmodifiableSet());

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
