package io.cityhub.webui.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP exchange with bounded parsing: the body at most {@code maxBodyBytes}, the query at most
 * {@value #MAX_QUERY_CHARS} characters, at most {@value #MAX_FIELDS} form fields.
 */
final class Request {

    static final int MAX_QUERY_CHARS = 4096;
    static final int MAX_FIELDS = 512;

    /** A request that breaks a limit or is malformed: answered with {@link #status}. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final HttpExchange exchange;
    private final int maxBodyBytes;
    private Map<String, List<String>> form;

    Request(HttpExchange exchange, int maxBodyBytes) {
        this.exchange = exchange;
        this.maxBodyBytes = maxBodyBytes;
    }

    String method() {
        return exchange.getRequestMethod();
    }

    String path() {
        return exchange.getRequestURI().getPath();
    }

    String remoteAddress() {
        return exchange.getRemoteAddress() == null ? "?" : exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    /**
     * @param name a query parameter
     * @return its first value, or null
     * @throws Refused if the query is too long or malformed
     */
    String query(String name) throws Refused {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        if (raw.length() > MAX_QUERY_CHARS) {
            throw new Refused(414, "query longer than " + MAX_QUERY_CHARS + " characters");
        }
        List<String> values = parse(raw).get(name);
        return values == null ? null : values.get(0);
    }

    /**
     * @return the urlencoded form body, read once
     * @throws Refused if it is larger than allowed, not a form, or malformed
     * @throws IOException if the connection fails
     */
    Map<String, List<String>> form() throws Refused, IOException {
        if (form != null) {
            return form;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new Refused(415, "expected a form (application/x-www-form-urlencoded)");
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.strip()) > maxBodyBytes) {
                    throw new Refused(413, "request larger than " + maxBodyBytes + " bytes");
                }
            } catch (NumberFormatException e) {
                throw new Refused(400, "bad Content-Length");
            }
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(maxBodyBytes + 1);
        }
        if (body.length > maxBodyBytes) {
            throw new Refused(413, "request larger than " + maxBodyBytes + " bytes");
        }
        form = parse(new String(body, StandardCharsets.UTF_8));
        return form;
    }

    /**
     * @param name a form field
     * @return its first value, or null
     */
    String field(String name) throws Refused, IOException {
        List<String> values = form().get(name);
        return values == null ? null : values.get(0);
    }

    /**
     * @param name a cookie's name
     * @return its value, or null
     */
    String cookie(String name) {
        List<String> headers = exchange.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return null;
        }
        for (String header : headers) {
            for (String part : header.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0 && part.substring(0, eq).strip().equals(name)) {
                    return part.substring(eq + 1).strip();
                }
            }
        }
        return null;
    }

    private static Map<String, List<String>> parse(String urlencoded) throws Refused {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (urlencoded.isEmpty()) {
            return fields;
        }
        String[] pairs = urlencoded.split("&", MAX_FIELDS + 1);
        if (pairs.length > MAX_FIELDS) {
            throw new Refused(413, "more than " + MAX_FIELDS + " fields");
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                fields.computeIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8), n -> new ArrayList<>())
                        .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new Refused(400, "malformed form encoding");
            }
        }
        return fields;
    }

    /**
     * Sends an HTML page with the UI's security headers.
     *
     * @param status the HTTP status
     * @param html the page
     * @throws IOException if the connection fails
     */
    void send(int status, String html) throws IOException {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        send(status, "text/html; charset=utf-8", bytes);
    }

    void send(int status, String contentType, byte[] bytes) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Content-Type", contentType);
        securityHeaders(headers);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    /**
     * @param location where to go, a path on this server
     * @param cookie a Set-Cookie value, or null
     */
    void redirect(String location, String cookie) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        headers.set("Location", location);
        if (cookie != null) {
            headers.add("Set-Cookie", cookie);
        }
        securityHeaders(headers);
        exchange.sendResponseHeaders(303, -1);
    }

    private static void securityHeaders(Headers headers) {
        headers.set("Content-Security-Policy", "default-src 'none'; style-src 'self'; form-action 'self';"
                + " frame-ancestors 'none'; base-uri 'none'");
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", "no-store");
    }
}
