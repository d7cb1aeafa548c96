package io.cityhub.webui.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.health.HealthContributor;
import io.cityhub.api.health.SensorActivity;
import io.cityhub.api.health.SensorSighting;
import io.cityhub.testing.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The UI over real HTTP on loopback: the login gate, sessions, CSRF, limits and the status page. */
@Timeout(60)
class WebUiTest {

    private static final Instant NOW = Instant.parse("2026-12-01T04:00:00Z");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(NOW);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private WebUi ui;

    @AfterEach
    void stop() {
        if (ui != null) {
            ui.deactivate();
        }
    }

    private static WebUiOptions options(String credentialsFile) {
        return new WebUiOptions(true, "127.0.0.1", freePort(), 2, 2048, Duration.ofMinutes(30),
                Duration.ofMinutes(15), credentialsFile);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void start() throws Exception {
        Credentials.write(dataDir.resolve(Credentials.DEFAULT_FILE_NAME), "technician", "lamp-post-42".toCharArray(),
                PasswordHash.MIN_ITERATIONS);
        ui = new WebUi(options(""), dataDir.toString(), List::of, null, plain -> "ENC", clock);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ui.address().getPort() + path);
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String login() throws Exception {
        HttpResponse<String> response = post("/login", null, "user=technician&password=lamp-post-42");
        assertThat(response.statusCode()).isEqualTo(303);
        String setCookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static String csrf(String html) {
        Matcher matcher = CSRF.matcher(html);
        assertThat(matcher.find()).as("a CSRF field in the page").isTrue();
        return matcher.group(1);
    }

    @Test
    void withoutACredentialsFileTheUiDoesNotListen() {
        ui = new WebUi(options(""), dataDir.toString(), List::of, null, plain -> "ENC", clock);

        assertThat(ui.address()).isNull();
    }

    @Test
    void aDisabledUiDoesNotListenEvenWithCredentials() throws Exception {
        Credentials.write(dataDir.resolve(Credentials.DEFAULT_FILE_NAME), "technician", "lamp-post-42".toCharArray(),
                PasswordHash.MIN_ITERATIONS);
        WebUiOptions enabled = options("");
        WebUiOptions disabled = new WebUiOptions(false, enabled.bindAddress(), enabled.port(), enabled.threads(),
                enabled.maxRequestBytes(), enabled.sessionIdle(), enabled.silentAfter(), "");

        ui = new WebUi(disabled, dataDir.toString(), List::of, null, plain -> "ENC", clock);

        assertThat(ui.address()).isNull();
    }

    @Test
    void aMalformedCredentialsFileAlsoKeepsTheUiClosed() throws Exception {
        Files.writeString(dataDir.resolve("creds"), "technician:plain-password\n");

        ui = new WebUi(options("creds"), dataDir.toString(), List::of, null, plain -> "ENC", clock);

        assertThat(ui.address()).isNull();
    }

    @Test
    void everyPageButTheLoginRedirectsToTheLoginWithoutASession() throws Exception {
        start();
        for (String path : new String[] {"/", "/config", "/config/edit?pid=x"}) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).contains("/login");
        }
        assertThat(get("/", "cityhub_session=forged").statusCode()).isEqualTo(303);
        assertThat(get("/login", null).body()).contains("<form method=\"post\" action=\"/login\">");
    }

    @Test
    void refusesAWrongPasswordOrUserWithoutASession() throws Exception {
        start();
        HttpResponse<String> wrongPassword = post("/login", null, "user=technician&password=lamp-post-43");
        HttpResponse<String> wrongUser = post("/login", null, "user=admin&password=lamp-post-42");

        for (HttpResponse<String> response : List.of(wrongPassword, wrongUser)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("Set-Cookie")).isEmpty();
            assertThat(response.body()).contains("Wrong user name or password.");
        }
    }

    @Test
    void locksOutAnAddressAfterRepeatedFailuresEvenForTheRightPassword() throws Exception {
        start();
        for (int i = 0; i <= LoginThrottle.FREE_FAILURES; i++) {
            assertThat(post("/login", null, "user=technician&password=guess" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = post("/login", null, "user=technician&password=lamp-post-42");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(locked.body()).contains("try again in 30 s");

        clock.advance(LoginThrottle.FIRST_LOCK);
        assertThat(post("/login", null, "user=technician&password=lamp-post-42").statusCode()).isEqualTo(303);
    }

    @Test
    void aLoginGivesAnHttpOnlySameSiteStrictCookieAndTheStatusPage() throws Exception {
        start();
        HttpResponse<String> response = post("/login", null, "user=technician&password=lamp-post-42");

        assertThat(response.headers().firstValue("Set-Cookie").orElseThrow())
                .matches("cityhub_session=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Strict");
        String cookie = login();
        HttpResponse<String> status = get("/", cookie);
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).contains("<h1>Status</h1>").contains("No reading has reached the outbox");
        assertThat(status.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'").contains("frame-ancestors 'none'");
        assertThat(status.headers().firstValue("Cache-Control")).contains("no-store");
    }

    @Test
    void aPostWithoutTheSessionsCsrfTokenIsRefused() throws Exception {
        start();
        String cookie = login();
        String otherSessionsToken = csrf(get("/", login()).body());

        assertThat(post("/logout", cookie, "").statusCode()).isEqualTo(403);
        assertThat(post("/logout", cookie, "csrf=" + otherSessionsToken).statusCode()).isEqualTo(403);
        assertThat(get("/", cookie).statusCode()).as("still logged in").isEqualTo(200);

        HttpResponse<String> logout = post("/logout", cookie, "csrf=" + csrf(get("/", cookie).body()));
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(get("/", cookie).statusCode()).as("logged out").isEqualTo(303);
    }

    @Test
    void refusesABodyLargerThanTheLimit() throws Exception {
        start();
        HttpResponse<String> response = post("/login", null, "user=technician&password=" + "x".repeat(4096));

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void theStatusPageEscapesFieldDataAndHighlightsSilentSensors() throws Exception {
        start();
        SensorActivity sensors = () -> List.of(
                new SensorSighting("<script>alert(1)</script>", "level", "2.5", "m", NOW, NOW, 3),
                new SensorSighting("door\u001b[2J", "state", "true", "", NOW.minusSeconds(7200),
                        NOW.minusSeconds(7200), 1));
        ui.addActivity(sensors);
        ui.addHealth(new HealthContributor() {
            @Override
            public String healthSection() {
                return "buffer";
            }

            @Override
            public Map<String, Object> health() {
                return Map.of("pending.count", 12, "oldest.age.ms", 3400);
            }
        });
        clock.advance(Duration.ofSeconds(65));

        String body = get("/", login()).body();

        assertThat(body).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                .contains("door\\u001B[2J").contains("1 min 5 s ago");
        assertThat(body).contains("<tr class=\"silent\"><td>door").contains("SILENT");
        assertThat(body).contains("<h2>buffer</h2>").contains("<th>pending.count</th><td>12</td>");

        ui.removeActivity(sensors);
        assertThat(get("/", login()).body()).doesNotContain("door");
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), ui.address().getPort()), 5000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static long readerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith(WebServer.THREAD_PREFIX)).count();
    }

    @Test
    void clientsThatSendNothingOrDribbleDoNotBlockOtherUsers() throws Exception {
        start();
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                slow.add(connect()); // connects and sends nothing
            }
            for (int i = 0; i < 3; i++) {
                Socket socket = connect(); // half a request: the line and one header, no blank line
                send(socket, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n");
                slow.add(socket);
            }
            for (int i = 0; i < 3; i++) {
                Socket socket = connect(); // a body a tenth sent
                send(socket, "POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type:"
                        + " application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nuser=techn");
                slow.add(socket);
            }
            // six slow requests are being read, more than the two handler threads
            await().atMost(Duration.ofSeconds(10)).until(() -> readerThreads() >= 6);

            HttpResponse<String> page = get("/login", null);

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"password\"");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void aClientThatDribblesIsDisconnectedAfterTheRequestTimeLimit() throws Exception {
        start();
        long limitSeconds = Long.getLong(WebServer.MAX_REQUEST_TIME_PROPERTY, WebServer.DEFAULT_MAX_REQUEST_SECONDS);
        try (Socket socket = connect()) {
            send(socket, "GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(limitSeconds + 10));

            int read;
            try {
                read = socket.getInputStream().read();
            } catch (SocketException e) {
                read = -1; // reset by the server: closed as well
            }

            assertThat(read).as("the server closed the connection without an answer").isEqualTo(-1);
        }
        assertThat(get("/login", null).statusCode()).isEqualTo(200);
    }
}
