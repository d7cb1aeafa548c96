package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exported runtime jars, started as a technician would start them: a simulated sensor's reading reaches the
 * platform, and SIGTERM stops the gateway cleanly. Run on cityhub's own runtime (Equinox 3.24, SCR 2.2) and on
 * Kura's framework versions (Equinox 3.16, SCR 2.1.16).
 */
class GatewayEndToEndIT {

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = {"cityhub.jar", "cityhub-kura-like.jar"})
    void aReadingReachesThePlatformAndSigtermStopsCleanly(String jar) throws Exception {
        GatewayFixture fixture = new GatewayFixture(work);
        List<PlatformStandIn.Received> received = new CopyOnWriteArrayList<>();
        try (PlatformStandIn platform = PlatformStandIn.start(fixture.brokerPort, "cityhub/#", received::add);
                SimulatedSensor sensor = fixture.sensor("e2e-probe")) {
            GatewayProcess gateway = fixture.start(fixture.repo.resolve("distribution/target").resolve(jar));
            try {
                Instant at = Instant.parse("2026-11-27T07:30:00Z");
                await("the gateway accepts a reading")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> {
                            SimulatedSensor.Answer answer = sensor.post(at, 12.75, 505);
                            return answer != null && answer.accepted();
                        });
                await("the platform receives it").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(received)
                                .filteredOn(m -> m.topic().endsWith("/telemetry/e2e-probe"))
                                .flatMap(m -> SenmlSummary.lines(m.payload()))
                                .anySatisfy(line -> assertThat(line)
                                        .contains("temperature = 12.75")
                                        .contains(at.toString())));
            } finally {
                int exit = gateway.stop(30);
                String log = gateway.logText();
                assertThat(exit).as("exit code after SIGTERM; log:%n%s", log).isNotEqualTo(-1);
                assertThat(log).as("a clean stop deactivates the components").containsIgnoringCase("stopp");
                assertThat(log).as("a clean stop logs no stack trace").doesNotContain("Exception in thread")
                        .doesNotContainPattern("(?m)^\\tat ");
            }
        }
    }
}
