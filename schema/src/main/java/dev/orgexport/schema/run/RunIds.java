package dev.orgexport.schema.run;

import dev.orgexport.schema.task.ExportKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Run ids are derived from (org, kind, window start), so every instance that creates the same
 * window computes the same id and the primary key makes the second insert a no-op.
 */
public final class RunIds {

    private RunIds() {
    }

    /** A name-based (version 3) UUID of {@code orgexport-run|org|kind|windowStart}. */
    public static UUID of(String orgId, ExportKind kind, Instant windowStart) {
        String name = "orgexport-run|" + orgId + "|" + kind.wireName() + "|" + windowStart;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }
}
