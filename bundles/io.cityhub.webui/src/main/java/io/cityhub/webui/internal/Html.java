package io.cityhub.webui.internal;

/**
 * HTML text from anything: every string that reaches a page goes through {@link #escape}. Sensor ids, channels,
 * units and values come from the field and may hold markup, quotes, control characters or bidirectional overrides;
 * configuration values and health strings are treated the same way.
 */
final class Html {

    private Html() {
    }

    /**
     * Escapes text for an element's content or a quoted attribute value. Markup characters become entities; C0 and
     * C1 control characters (except tab, line feed and carriage return), DEL and the bidirectional formatting
     * characters become visible {@code \}{@code uXXXX} text, so a technician sees that they are there and they cannot
     * reorder what is shown; an unpaired surrogate becomes U+FFFD.
     *
     * @param text the text, null renders as empty
     * @return the escaped text, never null
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(i + 1));
                        i++;
                    } else if (Character.isSurrogate(c)) {
                        out.append('\uFFFD');
                    } else if (invisible(c)) {
                        out.append(String.format("\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }

    private static boolean invisible(char c) {
        if (c == '\t' || c == '\n' || c == '\r') {
            return false;
        }
        return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u200E' || c == '\u200F'
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    /**
     * A whole page: title, navigation (when logged in), the body. The CSRF token goes into the logout form.
     *
     * @param title the page title, plain text
     * @param user the logged-in user, or null on the login page
     * @param csrf the session's CSRF token, or null on the login page
     * @param body HTML, already escaped
     * @return the document
     */
    static String page(String title, String user, String csrf, String body) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append(" - cityhub</title>")
                .append("<link rel=\"stylesheet\" href=\"/style.css\"></head><body>");
        if (user != null) {
            html.append("<nav><a href=\"/\">Status</a> <a href=\"/config\">Configuration</a>")
                    .append("<form method=\"post\" action=\"/logout\" class=\"logout\">")
                    .append(csrfField(csrf)).append("<span>").append(escape(user)).append("</span> ")
                    .append("<button type=\"submit\" id=\"logout\">Log out</button></form></nav>");
        }
        html.append("<main><h1>").append(escape(title)).append("</h1>").append(body).append("</main></body></html>\n");
        return html.toString();
    }

    /**
     * @param csrf the session's token
     * @return the hidden form field carrying it
     */
    static String csrfField(String csrf) {
        return "<input type=\"hidden\" name=\"" + Router.CSRF_FIELD + "\" value=\"" + escape(csrf) + "\">";
    }

    /** The style sheet, served as /style.css (the Content-Security-Policy allows no inline style). */
    static final String STYLE = """
            body { font-family: sans-serif; margin: 0; color: #222; }
            nav { background: #234; padding: .5em 1em; }
            nav a { color: #fff; margin-right: 1em; }
            nav form.logout { display: inline; float: right; color: #fff; }
            main { padding: 1em; }
            table { border-collapse: collapse; margin-bottom: 1.5em; }
            th, td { border: 1px solid #bbb; padding: .25em .5em; text-align: left; vertical-align: top; }
            tr.silent td { background: #fdd; font-weight: bold; }
            .error { color: #a00; }
            .saved { color: #070; }
            .help { color: #555; font-size: .9em; }
            label { display: block; font-weight: bold; margin-top: .8em; }
            input, select { min-width: 20em; }
            """;
}
