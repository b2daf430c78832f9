package dev.orgexport.cli.config;

/**
 * The kinds of orgexport process that read configuration. Each key names the roles that read
 * it; a test builds every role's configuration and checks that it reads exactly those keys.
 */
public enum Role {
    /** {@code orgexport orchestrator}. */
    ORCHESTRATOR,
    /** {@code orgexport worker}. */
    WORKER,
    /** The short-lived operator commands: {@code orgs}, {@code runs}, {@code backfill}, {@code audit}, {@code diagnose}. */
    OPERATOR
}
