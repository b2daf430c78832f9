package dev.orgexport.console.page;

import dev.orgexport.console.ConsoleConfig;

/** Sign in: the operator token with a name, or a basic-auth user and password; or how to configure either. */
public final class LoginPage {

    private LoginPage() {
    }

    /** @param error why the last attempt failed, or null */
    public static String render(ConsoleConfig config, String next, String error) {
        return Layout.page("Sign in", null, html -> {
            if (!config.authConfigured()) {
                html.element("p", "No operator credentials are configured, so no one can sign in. Set "
                        + ConsoleConfig.TOKEN_KEY + " (the operator token) or " + ConsoleConfig.BASIC_KEY
                        + " (user:password lines), each as a reference env:NAME or file:/path, and restart.", "class", "notice bad");
                return;
            }
            if (error != null) {
                html.element("p", error, "class", "notice bad", "role", "alert");
            }
            boolean token = config.operatorToken() != null;
            html.open("form", "method", "post", "action", Layout.ROOT + "/login", "class", "stack");
            html.hidden("next", next);
            html.open("div").input("operator", token ? "Your name (recorded in the audit trail)" : "User", "text", "",
                    "autocomplete", "username", "required", "", "autofocus", "").close("div");
            html.open("div").input("secret", token ? "Operator token" : "Password", "password", "",
                    "autocomplete", "current-password", "required", "").close("div");
            html.open("div").element("button", "Sign in", "type", "submit").close("div");
            html.close("form");
        });
    }

    /** An error page: what went wrong, and the way back. */
    public static String problem(String title, String message, dev.orgexport.console.auth.OperatorAuth.Caller caller) {
        return Layout.page(title, caller, html -> {
            html.element("p", message, "class", "notice bad", "role", "alert");
            html.open("p").link(Layout.ROOT + "/", "Back to the overview").close("p");
        });
    }
}
