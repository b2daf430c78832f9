package dev.orgexport.platform.failure;

import java.util.Objects;

/**
 * Where a request went: enough to tell the operator which org, region and host failed.
 *
 * @param orgId     the configured org
 * @param regionId  the region the request was sent to (not necessarily the org's: the
 *                  diagnoser probes others)
 * @param host      authority and base path of the login or API base URL
 * @param operation the method and path template, e.g. {@code POST /oauth/token}
 */
public record FailureContext(String orgId, String regionId, String host, String operation) {

    public FailureContext {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(regionId, "regionId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(operation, "operation");
    }
}
