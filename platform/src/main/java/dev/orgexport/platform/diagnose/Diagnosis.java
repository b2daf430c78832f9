package dev.orgexport.platform.diagnose;

import java.util.List;
import java.util.Objects;

/**
 * The result of diagnosing one org: one line of cause, then the evidence, each line a fact
 * observed (host, status, error code, correlation id). Holds no secret and no token.
 *
 * @param orgId          the org
 * @param verdict        the cause, as a constant
 * @param cause          the cause, one line, with what to do
 * @param evidence       what was observed, in order
 * @param clientRegionId the region where the client authenticates, when known; else null
 */
public record Diagnosis(String orgId, Verdict verdict, String cause, List<String> evidence, String clientRegionId) {

    public Diagnosis {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(cause, "cause");
        evidence = List.copyOf(evidence);
    }

    public boolean healthy() {
        return verdict == Verdict.HEALTHY;
    }

    /** The cause line, then each piece of evidence indented, for a terminal. */
    public String render() {
        StringBuilder text = new StringBuilder(cause);
        evidence.forEach(line -> text.append(System.lineSeparator()).append("  - ").append(line));
        return text.toString();
    }
}
