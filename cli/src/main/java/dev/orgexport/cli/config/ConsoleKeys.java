package dev.orgexport.cli.config;

import static dev.orgexport.cli.config.Role.ORCHESTRATOR;

import dev.orgexport.console.ConsoleConfig;
import dev.orgexport.platform.secret.SecretRef;

/** Keys of the web console, served by the orchestrator on its HTTP port. */
public final class ConsoleKeys {

    public static final Key<SecretRef> AUTH_TOKEN = Key.required(ConsoleConfig.TOKEN_KEY, ValueType.SECRET_REFERENCE,
            "Reference (env:NAME or file:/path) to the operator token that signs in to the web console and allows its "
                    + "actions; exclusive with console.auth.basic. Never the token itself.", ORCHESTRATOR);
    public static final Key<SecretRef> AUTH_BASIC = Key.required(ConsoleConfig.BASIC_KEY, ValueType.SECRET_REFERENCE,
            "Reference (env:NAME or file:/path) to user:password lines for the web console's sign-in and basic auth; "
                    + "the user is the operator named in the audit trail. Never the passwords themselves.", ORCHESTRATOR);
    public static final Key<Boolean> READ_ONLY_WITHOUT_AUTH = Key.of(ConsoleConfig.READ_ONLY_KEY, ValueType.BOOLEAN, false,
            "true: the web console's read-only pages (overview, orgs, audit trail) open without signing in; actions "
                    + "always need it.", ORCHESTRATOR);

    private ConsoleKeys() {
    }
}
