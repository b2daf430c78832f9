package dev.orgexport.orchestrator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes registry files for tests. */
public final class Registries {

    private Registries() {
    }

    public static Path write(Path directory, String name, String yaml) {
        try {
            return Files.writeString(directory.resolve(name), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code count} orgs {@code prefix-0..}, each with the given exports block (indented list items). */
    public static String orgs(String prefix, int count, String region, List<String> exports) {
        StringBuilder yaml = new StringBuilder("orgs:\n");
        for (int i = 0; i < count; i++) {
            yaml.append("  - id: ").append(prefix).append('-').append(i).append('\n')
                    .append("    name: Org ").append(i).append('\n')
                    .append("    region: ").append(region).append('\n')
                    .append("    clientId: client-").append(i).append('\n')
                    .append("    secret: env:ORG_").append(i).append("_SECRET\n")
                    .append("    exports:\n");
            for (String export : exports) {
                yaml.append("      - ").append(export).append('\n');
            }
        }
        return yaml.toString();
    }
}
