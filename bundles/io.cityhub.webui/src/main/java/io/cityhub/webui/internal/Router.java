package io.cityhub.webui.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.cityhub.webui.internal.Sessions.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request: the login gate (sessions, CSRF on every POST, throttled login), then the page. Nothing but the
 * login page and the style sheet is served without a session.
 */
final class Router implements HttpHandler {

    static final String COOKIE = "cityhub_session";
    static final String CSRF_FIELD = "csrf";
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final Credentials credentials;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final StatusPage status;
    private final ConfigPages config;
    private final int maxRequestBytes;
    /** One password check at a time: PBKDF2 is made to be slow, a flood of logins must not take both cores. */
    private final Object passwordCheck = new Object();

    Router(Credentials credentials, Sessions sessions, LoginThrottle throttle, StatusPage status, ConfigPages config,
            int maxRequestBytes) {
        this.credentials = credentials;
        this.sessions = sessions;
        this.throttle = throttle;
        this.status = status;
        this.config = config;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Request request = new Request(exchange, maxRequestBytes);
        try {
            route(request);
        } catch (Request.Refused e) {
            request.send(e.status(), Html.page("Refused", null, null, "<p class=\"error\">"
                    + Html.escape(e.getMessage()) + "</p>"));
        } catch (IOException e) {
            LOG.debug("web UI: request {} {} failed: {}", request.method(), request.path(), e.toString());
        } catch (RuntimeException e) {
            // outermost guard of a worker thread: one bad request must not end the server
            LOG.warn("web UI: {} {} failed", request.method(), request.path(), e);
            request.send(500, Html.page("Error", null, null, "<p class=\"error\">The gateway could not answer this"
                    + " request; its log says why.</p>"));
        } finally {
            exchange.close();
        }
    }

    private void route(Request request) throws Request.Refused, IOException {
        String method = request.method();
        String path = request.path();
        boolean post = "POST".equals(method);
        if (!post && !"GET".equals(method)) {
            request.send(405, Html.page("Method not allowed", null, null, ""));
            return;
        }
        if ("/style.css".equals(path)) {
            request.send(200, "text/css; charset=utf-8", Html.STYLE.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if ("/login".equals(path)) {
            if (post) {
                login(request);
            } else {
                request.send(200, loginPage(null));
            }
            return;
        }
        Optional<Session> found = sessions.find(request.cookie(COOKIE));
        if (found.isEmpty()) {
            request.redirect("/login", null);
            return;
        }
        Session session = found.get();
        if (post && !session.csrfMatches(request.field(CSRF_FIELD))) {
            request.send(403, Html.page("Refused", session.user(), session.csrf(), "<p class=\"error\" id=\"csrf\">"
                    + "This form is not from this session (or the session was renewed); reload the page.</p>"));
            return;
        }
        Response response = switch (method + " " + path) {
            case "GET /" -> new Response.Page(200, "Status", status.body());
            case "GET /config" -> config.list(session.csrf());
            case "GET /config/edit" -> config.edit(request.query("pid"), "1".equals(request.query("saved")),
                    session.csrf());
            case "POST /config/edit" -> config.save(request.form(), session.csrf());
            case "GET /config/new" -> config.create(request.query("factoryPid"), session.csrf());
            case "POST /config/new" -> config.add(request.form(), session.csrf());
            case "POST /config/delete" -> config.delete(request.form());
            case "POST /logout" -> logout(session);
            default -> new Response.Page(404, "Not found", "<p>Nothing here.</p>");
        };
        if (response instanceof Response.Redirect redirect) {
            request.redirect(redirect.location(), "/login".equals(redirect.location()) ? expiredCookie() : null);
        } else if (response instanceof Response.Page page) {
            request.send(page.status(), Html.page(page.title(), session.user(), session.csrf(), page.body()));
        }
    }

    private void login(Request request) throws Request.Refused, IOException {
        String address = request.remoteAddress();
        Optional<Duration> blocked = throttle.blockedFor(address);
        if (blocked.isPresent()) {
            request.send(429, loginPage("Too many failed logins from this address; try again in "
                    + StatusPage.age(blocked.get()) + "."));
            return;
        }
        Map<String, List<String>> form = request.form();
        String user = first(form, "user");
        char[] password = first(form, "password").toCharArray();
        boolean accepted;
        try {
            synchronized (passwordCheck) {
                accepted = credentials.accepts(user, password);
            }
        } finally {
            Arrays.fill(password, '\0');
        }
        if (!accepted) {
            throttle.failed(address);
            LOG.warn("web UI: failed login from {}", address);
            request.send(401, loginPage("Wrong user name or password."));
            return;
        }
        throttle.succeeded(address);
        Session session = sessions.open(credentials.user());
        LOG.info("web UI: {} logged in from {}", credentials.user(), address);
        request.redirect("/", COOKIE + "=" + session.token() + "; Path=/; HttpOnly; SameSite=Strict");
    }

    private Response logout(Session session) {
        sessions.close(session);
        return new Response.Redirect("/login");
    }

    private static String expiredCookie() {
        return COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
    }

    private static String loginPage(String error) {
        String body = (error == null ? "" : "<p class=\"error\" id=\"login-error\">" + Html.escape(error) + "</p>")
                + "<form method=\"post\" action=\"/login\">"
                + "<label for=\"user\">User</label><input type=\"text\" name=\"user\" id=\"user\""
                + " autocomplete=\"username\" required>"
                + "<label for=\"password\">Password</label><input type=\"password\" name=\"password\" id=\"password\""
                + " autocomplete=\"current-password\" required>"
                + "<p><button type=\"submit\" id=\"login\">Log in</button></p></form>";
        return Html.page("cityhub gateway login", null, null, body);
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
