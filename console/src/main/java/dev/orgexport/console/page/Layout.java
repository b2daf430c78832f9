package dev.orgexport.console.page;

import dev.orgexport.console.auth.OperatorAuth.Caller;
import dev.orgexport.console.html.Html;
import java.util.function.Consumer;

/**
 * The frame of every page: one stylesheet of our own (no web font, no CDN, light and dark by
 * {@code prefers-color-scheme}), a skip link, the navigation, who is signed in, and a main
 * landmark whose first heading is the page's title.
 */
public final class Layout {

    public static final String ROOT = "/console";

    private Layout() {
    }

    /** @param caller the signed-in operator, or null */
    public static String page(String title, Caller caller, Consumer<Html> content) {
        Html html = new Html().doctype();
        html.open("html", "lang", "en").open("head")
                .empty("meta", "charset", "utf-8")
                .empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .empty("meta", "name", "color-scheme", "content", "light dark")
                .element("title", title + " · orgexport console")
                .empty("link", "rel", "stylesheet", "href", ROOT + "/style.css")
                .close("head").open("body");
        html.link("#main", "Skip to the content", "class", "skip");
        html.open("header", "class", "top").open("nav", "aria-label", "Console");
        html.link(ROOT + "/", "orgexport", "class", "brand");
        html.link(ROOT + "/", "Overview").link(ROOT + "/audit", "Audit trail");
        html.close("nav").open("div", "class", "who");
        if (caller == null) {
            html.link(ROOT + "/login", "Sign in");
        } else {
            html.element("span", "Signed in as " + caller.operator().name());
            if (caller.sessionId() != null) {
                html.open("form", "method", "post", "action", ROOT + "/logout", "class", "inline")
                        .hidden("csrf", caller.csrfToken()).element("button", "Sign out", "type", "submit").close("form");
            }
        }
        html.close("div").close("header");
        html.open("main", "id", "main", "tabindex", "-1").element("h1", title);
        content.accept(html);
        html.close("main").close("body").close("html");
        return html.render();
    }

    /** A state as a labelled badge: the word is always there, the colour only repeats it. */
    static void badge(Html html, String state) {
        html.element("span", state, "class", "badge b-" + state.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }
}
