package dev.orgexport.platform.diagnose;

import dev.orgexport.schema.task.ExportKind;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a diagnosis may do.
 *
 * @param probeOtherRegions when the configured region rejects the credentials, also try them at
 *                          every other region's login host (each probe is a token request with
 *                          the org's secret at that host: an operator must allow it). Default false.
 * @param kinds             export kinds whose permission to check. Default all three.
 */
public record DiagnoseOptions(boolean probeOtherRegions, Set<ExportKind> kinds) {

    public DiagnoseOptions {
        Objects.requireNonNull(kinds, "kinds");
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    }

    public static DiagnoseOptions defaults() {
        return new DiagnoseOptions(false, EnumSet.allOf(ExportKind.class));
    }

    public DiagnoseOptions withRegionProbing(boolean allowed) {
        return new DiagnoseOptions(allowed, kinds);
    }
}
