package dev.orgexport.cli.standalone;

import dev.orgexport.cli.config.Catalogue;
import dev.orgexport.cli.config.Configuration;
import dev.orgexport.cli.config.WorkerKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * The configuration file that points operator commands ({@code orgs status}, {@code audit},
 * {@code backfill}, {@code diagnose}) at a running standalone: its effective settings, the
 * embedded PostgreSQL's address included (its port changes at each start, so the file is
 * rewritten then). It holds the keys given to standalone (secret keys hold references only)
 * and none of the passthrough client properties, nor the standalone's worker id.
 */
final class OperatorConfig {

    private OperatorConfig() {
    }

    static Path write(Path file, Configuration effective) {
        StringBuilder text = new StringBuilder("# Written by `orgexport standalone` at each start: the settings of the running\n"
                + "# standalone, for operator commands, e.g. orgexport orgs status --config " + file + "\n");
        Map<String, String> given = new TreeMap<>(effective.given());
        // Passthrough client properties are for the processes; operator commands do not need them.
        given.keySet().removeIf(key -> Catalogue.prefixOf(key).isPresent());
        // The standalone worker's own identity: a worker started with this file must not share it,
        // or it would end the standalone's live leases as its predecessor's when it starts.
        given.remove(WorkerKeys.ID.name());
        given.forEach((key, value) -> text.append(key).append(" = ").append(value).append('\n'));
        try {
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
