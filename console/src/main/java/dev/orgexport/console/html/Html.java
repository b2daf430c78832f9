package dev.orgexport.console.html;

import java.util.regex.Pattern;

/**
 * Builds an HTML document. This is the one place where text becomes markup: every text and
 * every attribute value passes through {@link #escape}; tag and attribute names are checked
 * against a strict pattern, so no caller can inject markup by accident. Not thread-safe (one
 * builder per response).
 */
public final class Html {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final StringBuilder out = new StringBuilder(8192);

    /** {@code &}, {@code <}, {@code >}, {@code "} and {@code '} as entities; null as the empty string. */
    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    /**
     * Opens {@code tag} with attributes given as name, value pairs. A null value leaves the
     * attribute out; the empty string writes a boolean attribute ({@code selected}).
     */
    public Html open(String tag, String... attributes) {
        out.append('<').append(name(tag));
        if (attributes.length % 2 != 0) {
            throw new IllegalArgumentException("attributes of <" + tag + "> must be name, value pairs, but got "
                    + attributes.length + " strings");
        }
        for (int i = 0; i < attributes.length; i += 2) {
            String value = attributes[i + 1];
            if (value == null) {
                continue;
            }
            out.append(' ').append(name(attributes[i]));
            if (!value.isEmpty()) {
                out.append("=\"").append(escape(value)).append('"');
            }
        }
        out.append('>');
        return this;
    }

    public Html close(String tag) {
        out.append("</").append(name(tag)).append('>');
        return this;
    }

    /** {@code <tag attributes>text</tag>}. */
    public Html element(String tag, String text, String... attributes) {
        return open(tag, attributes).text(text).close(tag);
    }

    /** A void element such as {@code input}. */
    public Html empty(String tag, String... attributes) {
        return open(tag, attributes);
    }

    public Html text(String text) {
        out.append(escape(text));
        return this;
    }

    /** A link. */
    public Html link(String href, String text, String... attributes) {
        String[] all = new String[attributes.length + 2];
        all[0] = "href";
        all[1] = href;
        System.arraycopy(attributes, 0, all, 2, attributes.length);
        return element("a", text, all);
    }

    /** A hidden form field. */
    public Html hidden(String name, String value) {
        return empty("input", "type", "hidden", "name", name, "value", value);
    }

    /** A labelled text-like input: the label's {@code for} names the input's id. */
    public Html input(String id, String label, String type, String value, String... more) {
        element("label", label, "for", id);
        String[] all = new String[more.length + 8];
        all[0] = "id";
        all[1] = id;
        all[2] = "name";
        all[3] = id;
        all[4] = "type";
        all[5] = type;
        all[6] = "value";
        all[7] = value;
        System.arraycopy(more, 0, all, 8, more.length);
        return empty("input", all);
    }

    /** A labelled select; {@code options} are the values, shown as they are; "" is "any". */
    public Html select(String id, String label, Iterable<String> options, String selected) {
        element("label", label, "for", id);
        open("select", "id", id, "name", id);
        element("option", "any", "value", "", "selected", selected == null || selected.isEmpty() ? "" : null);
        for (String option : options) {
            element("option", option, "value", option, "selected", option.equals(selected) ? "" : null);
        }
        return close("select");
    }

    /** Starts a document: the doctype is the one piece of markup without a tag. */
    public Html doctype() {
        out.append("<!doctype html>\n");
        return this;
    }

    public String render() {
        return out.toString();
    }

    private static String name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a tag or attribute name: '" + name + "'");
        }
        return name;
    }
}
