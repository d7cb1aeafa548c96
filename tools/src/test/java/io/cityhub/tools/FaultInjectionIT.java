package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into the real runtime, run as a child process, while a sensor keeps posting: the invariant is that
 * every reading acknowledged to the sensor reaches the platform, and a reading reaches it again only after a fault
 * that could have cut its PUBACK off (a kill, a lost link to the broker), never in a loop. The broker link is cut
 * between gateway and broker ({@link CuttableLink}) rather than by stopping the broker: a stand-in broker keeps no
 * queue over its own restart, so stopping it would lose what it acknowledged and blame the gateway.
 */
class FaultInjectionIT {

    private static final int ROUNDS = 10;
    /** Uplink settings for a test that restarts brokers: reconnect within 2 s instead of the seed's up to 60 s. */
    private static final Map<String, String> QUICK_RECONNECT =
            Map.of("reconnect.min.millis", "200", "reconnect.max.millis", "2000");

    @TempDir
    Path work;

    @Test
    @Timeout(value = 12, unit = TimeUnit.MINUTES)
    void tenKillsUnderLoadWithTheBrokerUpDownAndFlappingLoseNothingAcknowledged() throws Exception {
        // given a gateway whose broker link can be cut, a platform that records what arrives, and a sensor posting
        GatewayFixture fixture = new GatewayFixture(work, QUICK_RECONNECT);
        PlatformDeliveries deliveries = new PlatformDeliveries("kill-probe");
        int faults = 0;
        try (PlatformStandIn platform = PlatformStandIn.start(FreePorts.tcp(), "cityhub/#", deliveries);
                CuttableLink link = new CuttableLink(fixture.brokerPort, platform.port());
                Poster poster = new Poster(fixture.sensor("kill-probe"))) {
            for (int round = 0; round < ROUNDS; round++) {
                // when the broker is reachable, unreachable, or lost and found again under load in this round ...
                int state = round % 3;
                if (state == 1) {
                    link.cut();
                    faults++;
                } else {
                    link.restore();
                }
                GatewayProcess gateway = fixture.start(fixture.runtimeJar());
                try {
                    poster.awaitAccepted(15);
                    if (state == 2) {
                        link.cut();
                        faults++;
                        poster.awaitAccepted(5);
                        link.restore();
                    }
                    poster.awaitAccepted(15);
                } finally {
                    // ... and the gateway loses power while the sensor is posting
                    gateway.kill();
                    faults++;
                }
                assertThat(gateway.isAlive()).isFalse();
            }
            poster.stop();
            link.restore();
            // then, once a gateway runs again, every reading the sensor got a 2.04 for reaches the platform
            try (GatewayProcess last = fixture.start(fixture.runtimeJar())) {
                Set<String> accepted = poster.accepted();
                assertThat(accepted).as("readings accepted over %d rounds", ROUNDS).hasSizeGreaterThan(ROUNDS * 30);
                await("every acknowledged reading arrives").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(deliveries.seen()).containsAll(accepted));
                assertThat(last.isAlive()).isTrue();
            }
            assertThat(deliveries.mostCopiesOfOneReading())
                    .as("copies of one reading: one, plus at most one per kill or lost link (%d)", faults)
                    .isLessThanOrEqualTo(faults + 1);
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void theUplinkFailsOverToTheSecondBrokerWhenTheFirstIsLostUnderLoad() throws Exception {
        // given a gateway that lists two brokers, both up, the first behind a link that can be cut
        int first = FreePorts.tcp();
        int second = FreePorts.tcp();
        Map<String, String> uplink = new HashMap<>(QUICK_RECONNECT);
        uplink.put("broker.uris", "tcp://127.0.0.1:" + first + ",tcp://127.0.0.1:" + second);
        GatewayFixture fixture = new GatewayFixture(work, uplink);
        PlatformDeliveries atFirst = new PlatformDeliveries("failover-probe");
        PlatformDeliveries atSecond = new PlatformDeliveries("failover-probe");
        try (PlatformStandIn secondPlatform = PlatformStandIn.start(second, "cityhub/#", atSecond);
                PlatformStandIn firstPlatform = PlatformStandIn.start(FreePorts.tcp(), "cityhub/#", atFirst);
                CuttableLink toFirst = new CuttableLink(first, firstPlatform.port());
                GatewayProcess gateway = fixture.start(fixture.runtimeJar());
                Poster poster = new Poster(fixture.sensor("failover-probe"))) {
            poster.awaitAccepted(20);
            await("the gateway publishes to the first broker").atMost(Duration.ofSeconds(60))
                    .until(() -> !atFirst.seen().isEmpty());

            // when the first broker is lost under load, for good
            toFirst.cut();
            poster.awaitAccepted(40);
            poster.stop();

            // then the uplink carries on through the second, and every acknowledged reading arrives at one of them
            Set<String> accepted = poster.accepted();
            await("every acknowledged reading arrives at one of the brokers").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                        Set<String> both = ConcurrentHashMap.newKeySet();
                        both.addAll(atFirst.seen());
                        both.addAll(atSecond.seen());
                        assertThat(both).containsAll(accepted);
                    });
            assertThat(atSecond.seen()).as("readings delivered through the second broker").isNotEmpty();
            assertThat(gateway.isAlive()).isTrue();
        }
    }

    /**
     * A sensor posting a reading every 20 ms on its own thread, each with a new timestamp, whether or not the gateway
     * is there; it remembers the readings answered 2.04 (durable on the gateway). (Faster than that, one client
     * endpoint would use up CoAP's 65,536 message ids within their 247 s exchange lifetime and fall silent.)
     */
    private static final class Poster implements AutoCloseable {

        private static final Instant BASE = Instant.parse("2026-11-30T00:00:00Z");

        private final SimulatedSensor sensor;
        private final Set<String> accepted = ConcurrentHashMap.newKeySet();
        private final AtomicLong next = new AtomicLong();
        private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fault-injection-sensor");
            t.setDaemon(true);
            return t;
        });

        Poster(SimulatedSensor sensor) {
            this.sensor = sensor;
            thread.scheduleWithFixedDelay(this::postOne, 0, 20, TimeUnit.MILLISECONDS);
        }

        private void postOne() {
            Instant at = BASE.plusSeconds(next.getAndIncrement());
            try {
                SimulatedSensor.Answer answer = sensor.post(at, 12.5, 500);
                if (answer != null && answer.accepted()) {
                    accepted.add(at.toString());
                }
            } catch (IOException e) {
                // the gateway is down: this reading was never acknowledged, the next one may be
            } catch (RuntimeException e) {
                // the task's outermost guard: a scheduled task that throws is never run again, silently
                failure.compareAndSet(null, e);
            }
        }

        /** Waits until the gateway has acknowledged {@code more} further readings. */
        void awaitAccepted(int more) {
            int target = accepted.size() + more;
            await("the gateway acknowledges " + more + " more readings").atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(50)).until(() -> {
                        assertThat(failure.get()).as("the sensor's posting failed").isNull();
                        return accepted.size() >= target;
                    });
        }

        Set<String> accepted() {
            return Set.copyOf(accepted);
        }

        void stop() throws InterruptedException {
            thread.shutdown();
            assertThat(thread.awaitTermination(30, TimeUnit.SECONDS)).as("the sensor stops posting").isTrue();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
            sensor.close();
        }
    }
}
