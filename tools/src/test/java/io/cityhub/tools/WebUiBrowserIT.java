package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cityhub.testing.FreePorts;
import java.io.File;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The technician web UI end to end: the exported runtime jar as a technician starts it, driven by headless Chromium
 * (Debian's {@code chromium} and {@code chromium-driver}, which {@code ./cityhub test} installs). Never skipped:
 * without the browser the test fails and says what to install.
 */
@Timeout(300)
class WebUiBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** A test login hashes with fewer iterations than a gateway's, so it costs no time; the format is the same. */
    private static final int TEST_ITERATIONS = 10_000;
    private static final String PASSWORD = "browser-test-lamp-post";

    @TempDir
    Path work;

    private GatewayProcess gateway;
    private WebDriver browser;

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.stop(30);
        }
    }

    @Test
    void theUiRefusesToStartWithoutCredentialsAndTheGatewayRunsOn() throws Exception {
        GatewayFixture fixture = new GatewayFixture(work);
        int uiPort = FreePorts.tcp();
        DemoWebUi.addTo(fixture.snapshot, uiPort);
        gateway = fixture.start(fixture.runtimeJar());

        await("the UI says why it does not start").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(gateway.logText()).contains("cityhub web UI not started: there is no default password")
                        .contains("./cityhub ui-password"));
        try (SimulatedSensor sensor = fixture.sensor("no-ui-probe")) {
            await("the rest of the gateway accepts readings").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        SimulatedSensor.Answer answer = sensor.post(Instant.parse("2026-12-01T04:00:00Z"), 9.5, 300);
                        return answer != null && answer.accepted();
                    });
        }
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), uiPort), 2000);
            }
        }).as("nothing listens on the UI's port").isInstanceOf(ConnectException.class);
    }

    @Test
    void aTechnicianLogsInSeesASensorAndChangesTheConfiguration() throws Exception {
        GatewayFixture fixture = new GatewayFixture(work);
        int uiPort = FreePorts.tcp();
        DemoWebUi.addTo(fixture.snapshot, uiPort);
        DemoWebUi.writeLogin(work.resolve("data"), PASSWORD, TEST_ITERATIONS);
        gateway = fixture.start(fixture.runtimeJar());
        await("the UI listens").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(gateway.logText()).contains("cityhub web UI: http://127.0.0.1:" + uiPort + "/"));
        String base = "http://127.0.0.1:" + uiPort;
        browser = chromium();

        // without a session every page leads to the login; a wrong password is refused
        browser.get(base + "/");
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/login");
        logIn(DemoWebUi.USER, "not-the-password");
        assertThat(browser.findElement(By.id("login-error")).getText()).isEqualTo("Wrong user name or password.");
        assertThat(browser.manage().getCookies()).isEmpty();

        logIn(DemoWebUi.USER, PASSWORD);
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Status");
        assertThat(browser.manage().getCookieNamed("cityhub_session").isHttpOnly()).isTrue();
        assertThat(browser.findElement(By.id("health-buffer")).getText()).contains("pending.count");

        // a CoAP reading shows up on the status page with its sensor
        try (SimulatedSensor sensor = fixture.sensor("river-probe-7")) {
            await("the gateway accepts a reading").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        SimulatedSensor.Answer answer = sensor.post(Instant.now(), 12.75, 505);
                        return answer != null && answer.accepted();
                    });
            await("the status page shows the sensor").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                browser.get(base + "/");
                assertThat(browser.findElement(By.id("sensors")).getText()).contains("river-probe-7")
                        .contains("temperature").contains("12.75");
            });

            // a value the metatype refuses is shown with the reason, and the form keeps what was typed
            browser.get(base + "/config");
            browser.findElement(By.linkText("cityhub ingest")).click();
            WebElement maxName = browser.findElement(By.id("f-max.name.length-0"));
            assertThat(maxName.getAttribute("value")).isEqualTo("128");
            maxName.clear();
            maxName.sendKeys("0");
            browser.findElement(By.id("save")).click();
            assertThat(browser.findElement(By.id("refused")).getText()).contains("Not saved");
            assertThat(browser.findElement(By.id("error-max.name.length")).getText()).contains("'0'");
            assertThat(browser.findElement(By.id("f-max.name.length-0")).getAttribute("value")).isEqualTo("0");

            // a valid change takes effect in the running gateway: sensor ids longer than 8 characters are refused
            maxName = browser.findElement(By.id("f-max.name.length-0"));
            maxName.clear();
            maxName.sendKeys("8");
            browser.findElement(By.id("save")).click();
            assertThat(browser.findElement(By.id("saved")).getText()).isEqualTo("Saved.");
            assertThat(browser.findElement(By.id("f-max.name.length-0")).getAttribute("value")).isEqualTo("8");
            await("the gateway refuses the long sensor id").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        SimulatedSensor.Answer answer = sensor.post(Instant.now(), 13.0, 505);
                        // CoAP still answers 2.04 (the request was handled); the answer says what was refused
                        return answer != null && answer.text().contains("accepted=0")
                                && answer.text().contains("sensor id longer than 8 characters");
                    });
            assertThat(gateway.logText()).contains("web UI: configuration io.cityhub.ingest.IngestPipeline changed");
        }

        // a Password attribute is never shown back
        browser.get(base + "/config");
        browser.findElement(By.partialLinkText("uplink")).click();
        assertThat(browser.findElements(By.cssSelector("input[type=password]"))).isNotEmpty()
                .allSatisfy(input -> assertThat(input.getAttribute("value")).isEmpty());

        // logging out ends the session
        browser.findElement(By.id("logout")).click();
        browser.get(base + "/");
        assertThat(browser.getCurrentUrl()).isEqualTo(base + "/login");

        // the change persists over a restart: the runtime wrote it to a snapshot of its own, which the next start loads
        await("the change is saved to a snapshot").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(gateway.logText()).contains("cityhub: configuration saved to " + work.resolve("data")
                        .toAbsolutePath().resolve("snapshots")));
        gateway.stop(60);
        long before = Files.size(gateway.log());
        gateway = fixture.start(fixture.runtimeJar());
        await("the UI listens again").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(sinceRestart(before)).contains("cityhub web UI: http://127.0.0.1:" + uiPort + "/"));
        assertThat(sinceRestart(before)).contains("cityhub: loaded").contains("/data/snapshots/snapshot_");
        browser.get(base + "/");
        assertThat(browser.getCurrentUrl()).as("a restart ends every session").isEqualTo(base + "/login");
        logIn(DemoWebUi.USER, PASSWORD);
        browser.get(base + "/config");
        browser.findElement(By.linkText("cityhub ingest")).click();
        assertThat(browser.findElement(By.id("f-max.name.length-0")).getAttribute("value")).isEqualTo("8");
        assertThat(browser.findElement(By.id("kept-over-restart")).getText()).contains("kept over a restart");
        try (SimulatedSensor sensor = fixture.sensor("river-probe-7")) {
            await("the restarted gateway still refuses the long sensor id").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        SimulatedSensor.Answer answer = sensor.post(Instant.now(), 14.0, 505);
                        return answer != null && answer.text().contains("accepted=0")
                                && answer.text().contains("sensor id longer than 8 characters");
                    });
        }
    }

    /** The log the gateway wrote since it was restarted (the log file is appended to). */
    private String sinceRestart(long offset) throws IOException {
        String text = gateway.logText();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new String(bytes, (int) Math.min(offset, bytes.length), (int) Math.max(0, bytes.length - offset),
                StandardCharsets.UTF_8);
    }

    private void logIn(String user, String password) {
        browser.findElement(By.id("user")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("login")).click();
    }

    private WebDriver chromium() throws IOException {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the Debian packages chromium and chromium-driver (./cityhub test installs them as root:"
                        + " apt-get install chromium chromium-driver)").isTrue();
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createDirectories(work.resolve("chromium-profile")));
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(2));
        return driver;
    }
}
