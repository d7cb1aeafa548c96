package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A malformed device profile or intersection definition at start (a broken snapshot: {@link SnapshotRefusedIT}): the
 * gateway names the file and the place in it at ERROR and starts without exactly the part that file defines — never a
 * part of it — while everything else runs: readings are still accepted. The runtime README ("Start-up with broken
 * files") states this rule.
 */
class MalformedFilesAtStartIT {

    private static final String PROFILES_PID = "io.cityhub.profiles.DeviceProfileRegistry";

    @TempDir
    Path work;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aMalformedDeviceProfileIsNamedWithItsLineAndLeftOutWhileTheGatewayRuns() throws Exception {
        // given a profile directory holding one profile whose YAML is cut off in its third line
        GatewayFixture fixture = new GatewayFixture(work.resolve("gateway"));
        Path profiles = Files.createDirectories(work.resolve("profiles"));
        Path broken = profiles.resolve("broken-meter.yaml");
        Files.writeString(broken, "id: broken-meter\nname: A meter whose file was cut off\ntransport: [coap, \n",
                StandardCharsets.UTF_8);
        DemoSnapshot.deriveTyped(fixture.snapshot, fixture.snapshot, Map.of(PROFILES_PID, Map.of(
                "profiles.directory", new DemoSnapshot.Value("String", profiles.toString()))));

        // when the gateway starts
        try (GatewayProcess gateway = fixture.start(fixture.runtimeJar());
                SimulatedSensor sensor = fixture.sensor("still-accepted")) {
            awaitAccepting(sensor);

            // then the error names the file and the line, and the gateway runs without that profile
            String error = await("the profile's error in the log").atMost(Duration.ofSeconds(30))
                    .until(() -> errorNaming(gateway, "broken-meter.yaml"), line -> line != null);
            assertThat(error).contains("left out").contains(broken.toString()).containsPattern("line \\d+");
            assertThat(gateway.isAlive()).isTrue();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aMalformedIntersectionIsNamedWithItsPlaceAndDoesNotRunWhileTheGatewayRuns() throws Exception {
        // given the demo's intersection on mock GPIO, its definition with a stage whose name is missing
        GatewayFixture fixture = new GatewayFixture(work.resolve("gateway"));
        String definition = Files.readString(fixture.repo.resolve(DemoIntersection.DEFINITION));
        Path broken = work.resolve("broken-junction.yaml");
        Files.writeString(broken, definition.replaceFirst("name: t-junction", "name: [t-junction"),
                StandardCharsets.UTF_8);
        DemoIntersection.addTo(fixture.snapshot, fixture.repo);
        String snapshot = Files.readString(fixture.snapshot);
        String original = fixture.repo.resolve(DemoIntersection.DEFINITION).toAbsolutePath().normalize().toString();
        assertThat(snapshot).contains(original);
        Files.writeString(fixture.snapshot, snapshot.replace(original, broken.toString()));

        // when the gateway starts
        try (GatewayProcess gateway = GatewayProcess.start(fixture.runtimeJar(), fixture.workDir, fixture.snapshot,
                Map.of("cityhub.gpio.provider", "mock"));
                SimulatedSensor sensor = fixture.sensor("still-accepted")) {
            awaitAccepting(sensor);

            // then the error names the file and the place, no controller runs, and the gateway goes on
            String error = await("the intersection's error in the log").atMost(Duration.ofSeconds(30))
                    .until(() -> errorNaming(gateway, "broken-junction.yaml"), line -> line != null);
            assertThat(error).contains(broken.toString()).containsPattern("line \\d+");
            List<String> log = gateway.logText().lines().toList();
            assertThat(log).as("no controller started for the broken definition")
                    .noneMatch(l -> l.contains("t-junction") && l.contains("start-up sequence"));
            assertThat(gateway.isAlive()).isTrue();
        }
    }

    private static void awaitAccepting(SimulatedSensor sensor) {
        await("the gateway accepts readings").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    SimulatedSensor.Answer answer = sensor.post(Instant.parse("2026-12-01T08:00:00Z"), 7.5, 101);
                    return answer != null && answer.accepted();
                });
    }

    private static String errorNaming(GatewayProcess gateway, String file) throws IOException {
        return gateway.logText().lines().filter(l -> l.contains(" ERROR ") && l.contains(file)).findFirst()
                .orElse(null);
    }
}
