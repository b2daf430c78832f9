package dev.orgexport.orchestrator.registry;

import java.util.List;

/**
 * What applying a registry file changes (or, in a dry run, would change), org by org. Orgs are
 * never deleted: an org missing from the file, or given {@code enabled: false}, is listed under
 * {@link #disabled()}.
 *
 * <p>Changes of an org's {@code organizationId} or {@code clientId} are listed apart, under
 * {@link #identity()}, marked {@code !} and with their consequence spelled out ("tokens must now
 * belong to ..."): they decide whose data is exported under the org's name, so the operator
 * reviews them in the dry run before applying. They are applied like any other change.
 *
 * @param identity  changes of which organization or client the org uses, to review
 * @param unchanged how many orgs of the file needed no change
 */
public record RegistryDiff(List<Change> added, List<Change> changed, List<Change> disabled, List<Change> identity,
                           int unchanged) {

    public RegistryDiff {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        disabled = List.copyOf(disabled);
        identity = List.copyOf(identity);
    }

    public RegistryDiff(List<Change> added, List<Change> changed, List<Change> disabled, int unchanged) {
        this(added, changed, disabled, List.of(), unchanged);
    }

    /** One org's change, with one line per detail ("region us-east-1 -> us-west-2"). */
    public record Change(String orgId, List<String> details) {
        public Change {
            details = List.copyOf(details);
        }
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && disabled.isEmpty() && identity.isEmpty();
    }

    /** The diff as the operator reads it: one block per kind of change, one line per detail. */
    public String render() {
        StringBuilder out = new StringBuilder();
        section(out, "added", "+", added);
        section(out, "changed", "~", changed);
        section(out, "disabled", "-", disabled);
        section(out, "identity changes, review before applying", "!", identity);
        out.append("unchanged: ").append(unchanged).append(unchanged == 1 ? " org" : " orgs").append('\n');
        return out.toString();
    }

    private static void section(StringBuilder out, String title, String mark, List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        out.append(title).append(" (").append(changes.size()).append("):\n");
        for (Change change : changes) {
            String head = "  " + mark + " " + change.orgId();
            if (change.details().isEmpty()) {
                out.append(head).append('\n');
                continue;
            }
            out.append(head).append(": ").append(change.details().get(0)).append('\n');
            String indent = " ".repeat(head.length() + 2);
            for (String detail : change.details().subList(1, change.details().size())) {
                out.append(indent).append(detail).append('\n');
            }
        }
    }
}
