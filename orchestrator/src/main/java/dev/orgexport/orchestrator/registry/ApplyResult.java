package dev.orgexport.orchestrator.registry;

import java.util.List;

/**
 * The outcome of {@link OrgRegistry#apply}: either every error of the file (and nothing changed),
 * or the diff, applied in one transaction unless it was a dry run.
 *
 * @param source  the file, as named to the operator
 * @param errors  every mistake of the file, by line; empty when the file is valid
 * @param diff    the changes; null when the file has errors
 * @param dryRun  whether this was a dry run
 * @param applied whether the changes were committed (false for a dry run or an invalid file)
 */
public record ApplyResult(String source, List<RegistryError> errors, RegistryDiff diff, boolean dryRun, boolean applied) {

    public ApplyResult {
        errors = List.copyOf(errors);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /** The text for the operator: the errors, or the diff and what was done with it. */
    public String render() {
        StringBuilder out = new StringBuilder();
        if (!valid()) {
            out.append(source).append(": ").append(errors.size()).append(errors.size() == 1 ? " error" : " errors")
                    .append(", nothing changed\n");
            errors.forEach(error -> out.append("  ").append(error.render()).append('\n'));
            return out.toString();
        }
        out.append(source).append(dryRun ? ": dry run, nothing changed\n" : "\n");
        out.append(diff.render());
        if (!dryRun) {
            out.append(diff.isEmpty() ? "nothing to change\n" : "applied in one transaction\n");
        }
        return out.toString();
    }
}
