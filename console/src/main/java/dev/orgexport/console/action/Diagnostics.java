package dev.orgexport.console.action;

import dev.orgexport.platform.diagnose.Diagnosis;
import dev.orgexport.schema.org.OrgRecord;

/**
 * Diagnoses one org, as {@code orgexport diagnose} does; the process that serves the console
 * supplies it with its platform gateway. Must be thread-safe.
 */
@FunctionalInterface
public interface Diagnostics {

    /** @param probeRegions allow trying the org's credentials at every other region's login host */
    Diagnosis diagnose(OrgRecord org, boolean probeRegions);
}
