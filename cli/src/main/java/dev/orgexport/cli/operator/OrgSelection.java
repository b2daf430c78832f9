package dev.orgexport.cli.operator;

import dev.orgexport.schema.org.OrgRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Which orgs an operator command acts on: {@code ORG...} as arguments, {@code --org} (repeatable,
 * comma-separated), or {@code --all} (every enabled org of the registry). A picocli mixin, so
 * every bulk command takes the same options; add a command's own options next to it.
 */
public final class OrgSelection {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Parameters(paramLabel = "ORG", arity = "0..*", description = "Org ids (or use --org, or --all).")
    private List<String> positional = new ArrayList<>();

    @Option(names = "--org", paramLabel = "ORG", split = ",", description = "An org id; repeat it or separate ids "
            + "with commas for several.")
    private List<String> named = new ArrayList<>();

    @Option(names = "--all", description = "Every enabled org of the registry.")
    private boolean all;

    /**
     * The ids of the orgs to act on: those given, in order and once each (an unknown one fails
     * when its turn comes, naming it), or with {@code --all} every enabled org of the registry, by id.
     *
     * @param registry reads every org of the registry; called only for {@code --all}
     * @throws ParameterException when none or both of ids and {@code --all} are given
     */
    public List<String> ids(Supplier<List<OrgRecord>> registry) {
        Set<String> ids = check();
        if (all) {
            return registry.get().stream().filter(OrgRecord::enabled).map(OrgRecord::id).sorted().toList();
        }
        return List.copyOf(ids);
    }

    /**
     * Checks the selection without reading the registry, so a command can refuse a bad command
     * line before it opens the database.
     *
     * @return the ids given, in order and once each
     * @throws ParameterException when none or both of ids and {@code --all} are given
     */
    public Set<String> check() {
        Set<String> ids = new LinkedHashSet<>(positional);
        ids.addAll(named);
        ids.removeIf(String::isBlank);
        if (all == !ids.isEmpty()) {
            throw new ParameterException(spec.commandLine(), all
                    ? "give either org ids or --all, not both"
                    : "name at least one org (ORG or --org ORG) or give --all");
        }
        return ids;
    }

    /** Whether the operator asked for every org (items that do not apply are then skipped, not failed). */
    public boolean all() {
        return all;
    }
}
