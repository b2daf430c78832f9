package dev.orgexport.platform.failure;

/**
 * What went wrong talking to the platform, in the terms an operator acts on. The constants and
 * their handling are DESIGN.md's "Tokens and failures" table (plus {@link #REQUEST_REJECTED} for
 * the answers that table has no row for); {@link FailureClassifier} is the only place that maps a
 * response to a kind and decides whether it may be retried.
 */
public enum FailureKind {
    /** Token endpoint 4xx {@code invalid_client}, "authentication failed". Not retried; audited. */
    CREDENTIALS_REJECTED(true, true,
            "wrong secret, wrong region, or rotated: run `orgexport diagnose`"),
    /** Token endpoint 4xx {@code invalid_client}, "client not found". Not retried; audited. */
    CLIENT_NOT_FOUND(true, true, "client id unknown in this region: check the client id and the org's region"),
    /**
     * The token's organization is not the org's (its {@code organizationId} or pinned organization).
     * Not retried; audited. The failure's own hint names both organizations.
     */
    ORG_MISMATCH(true, true, "the client belongs to another organization than the org's organizationId or pinned "
            + "organization: configure a client of the org's organization"),
    /** API 401 with a token that was just issued. Not retried; audited. */
    TOKEN_REJECTED(true, true, "client disabled or revoked: check the OAuth client in the admin console"),
    /** API 403 {@code missing.permissions} / {@code missing.any.permissions}. Not retried; audited. */
    MISSING_PERMISSION(false, true, "grant the listed permissions to the client's role"),
    /** 429: retried after {@code Retry-After}; audited when the token endpoint said it. */
    RATE_LIMITED(false, false, "budget too small for the schedule: lower the rate or ask for a higher limit"),
    /** 5xx, I/O error or timeout: retried; audited when the breaker opens. */
    PLATFORM_UNAVAILABLE(false, false, "platform or network incident: it will be retried"),
    /**
     * Not in DESIGN.md's table, added because some answers fit none of its rows: any other API
     * 4xx (400 bad request, 404 unknown or expired job, 409, ...) and a 501. The request itself
     * is wrong, so it is neither retried nor an org's fault: no breaker, no audit. A 404 for a
     * job id means the job is gone; {@link PlatformException#jobNotFound()} tells that case.
     */
    REQUEST_REJECTED(false, false, "the platform refused the request itself: an expired job is submitted again, "
            + "anything else is a bug to report");

    private final boolean credentialFailure;
    private final boolean alwaysAudited;
    private final String operatorHint;

    FailureKind(boolean credentialFailure, boolean alwaysAudited, String operatorHint) {
        this.credentialFailure = credentialFailure;
        this.alwaysAudited = alwaysAudited;
        this.operatorHint = operatorHint;
    }

    /**
     * True for the kinds that say the org's credentials cannot work as configured. These open
     * the org's circuit breaker at once (for the credential wait) instead of by failure rate:
     * retrying them is a lockout risk and noise until an operator fixes the configuration.
     */
    public boolean credentialFailure() {
        return credentialFailure;
    }

    /** True when every occurrence deserves an audit row (the table's "audit: yes"). */
    public boolean alwaysAudited() {
        return alwaysAudited;
    }

    /** The table's one-line operator hint. */
    public String operatorHint() {
        return operatorHint;
    }
}
