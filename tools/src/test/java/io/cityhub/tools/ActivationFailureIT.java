package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A configuration value that fails one component's activation is visible in the gateway's log at ERROR, naming
 * the PID, the attribute and the reason, and the other components go on: readings are still accepted.
 */
class ActivationFailureIT {

    @TempDir
    Path work;

    @Test
    void aBadUplinkValueIsLoggedAtErrorAndReadingsAreStillAccepted() throws Exception {
        GatewayFixture fixture = new GatewayFixture(work);
        DemoSnapshot.derive(fixture.snapshot, fixture.snapshot,
                Map.of(GatewayFixture.MQTT_PID, Map.of("batch.size", "0")));
        try (SimulatedSensor sensor = fixture.sensor("still-accepted");
                GatewayProcess gateway = fixture.start(fixture.runtimeJar())) {
            await("the gateway accepts a reading without its uplink").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250)).until(() -> {
                        SimulatedSensor.Answer answer = sensor.post(Instant.parse("2026-11-30T08:00:00Z"), 7.5, 101);
                        return answer != null && answer.accepted();
                    });
            await("the activation failure in the log").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(gateway.logText().lines())
                            .anySatisfy(line -> assertThat(line).contains(" ERROR ")
                                    .contains(GatewayFixture.MQTT_PID)
                                    .contains("batch.size")
                                    .contains("'0'")
                                    .contains("expected")));
        }
    }
}
