package dev.orgexport.worker;

import java.util.Locale;

/**
 * One org of a test stage: where the simulator keeps it and its client, and which region the
 * {@code org} table says it is in (they differ for the seed's misconfigured secondary org).
 */
record StageOrg(String id, String simulatorRegion, String configuredRegion, String clientId, String secret) {

    /** An org configured correctly, with its own client and secret. */
    static StageOrg healthy(String id, String region) {
        return new StageOrg(id, region, region, "client-" + id, "secret-" + id + "-" + Long.toHexString(id.hashCode() * 31L));
    }

    /** The environment variable the org's secret reference names. */
    String secretEnv() {
        return "ORGEXPORT_SECRET_" + id.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}
