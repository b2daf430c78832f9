package dev.orgexport.console.auth;

/**
 * Who is signed in to the console.
 *
 * @param name   the operator's name: the basic-auth user, or the name given at sign-in with the token
 * @param method how the name was established, for the audit trail ("basic auth", "operator token")
 */
public record Operator(String name, String method) {

    /** As written into audit rows: {@code alice (console, basic auth)}. */
    public String auditName() {
        return name + " (console, " + method + ")";
    }
}
