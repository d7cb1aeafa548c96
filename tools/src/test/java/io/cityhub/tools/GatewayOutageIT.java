package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost: readings a sensor got 2.04 for while the platform was unreachable survive a
 * SIGKILL of the gateway and arrive once the gateway restarts and the platform is back.
 */
class GatewayOutageIT {

    @TempDir
    Path work;

    @Test
    void readingsAcceptedBeforeAKillArriveAfterRestart() throws Exception {
        GatewayFixture fixture = new GatewayFixture(work);
        List<String> acceptedTimes = new ArrayList<>();
        GatewayProcess gateway = fixture.start(fixture.runtimeJar());
        try (SimulatedSensor sensor = fixture.sensor("outage-probe")) {
            Instant base = Instant.parse("2026-11-27T06:00:00Z");
            // the broker is down throughout: every 2.04 here means durable on the gateway's flash, nothing more
            await("the gateway accepts readings").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        Instant at = base.plusSeconds(acceptedTimes.size());
                        SimulatedSensor.Answer answer = sensor.post(at, 11.5, 480);
                        if (answer != null && answer.accepted()) {
                            acceptedTimes.add(at.toString());
                        }
                        return acceptedTimes.size() >= 20;
                    });
        }
        gateway.kill();
        assertThat(gateway.isAlive()).isFalse();

        Set<String> delivered = ConcurrentHashMap.newKeySet();
        try (PlatformStandIn platform = PlatformStandIn.start(fixture.brokerPort, "cityhub/#", m -> {
            if (m.topic().endsWith("/telemetry/outage-probe")) {
                for (String line : SenmlSummary.lines(m.payload())) {
                    if (line.contains("temperature = 11.5")) {
                        delivered.add(line.substring(line.indexOf(" @ ") + 3).split(" ")[0]);
                    }
                }
            }
        }); GatewayProcess restarted = fixture.start(fixture.runtimeJar())) {
            await("every accepted reading arrives").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(delivered).containsAll(acceptedTimes));
            assertThat(restarted.isAlive()).isTrue();
        }
    }
}
