package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.testing.FreePorts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's outbox on a small file system that fills up under CoAP load, then gets space back: the gateway
 * answers 5.03 with Max-Age for what it cannot store (never 2.04), says so in its log without repeating itself,
 * keeps delivering what it holds, and accepts again once space is freed; every reading it answered 2.04 reaches the
 * platform. Another program's file (a ballast) takes most of the space, as logs do on a real gateway's flash, so the
 * load has only the last few MiB to fill.
 */
class DiskFullIT {

    private static final String BUFFER_PID = "io.cityhub.buffer.mapdb.MapDbReadingBuffer";
    private static final String SENSOR = "disk-probe";
    private static final int RETRY_AFTER_SECONDS = 7;
    private static final long FLOOR = 1L << 20;
    /** How long the test keeps the disk full: 50 of the writer's 200 ms ticks. */
    private static final Duration FULL_FOR = Duration.ofSeconds(10);

    @TempDir
    Path work;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void aFullDiskIsAnswered503UntilSpaceIsFreedAndEveryAcknowledgedReadingArrives() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(work.resolve("flash"), 24)) {
            // given a gateway whose outbox lives on a small file system that a ballast has nearly filled
            GatewayFixture fixture = new GatewayFixture(work.resolve("gateway"),
                    Map.of("reconnect.min.millis", "200", "reconnect.max.millis", "1000"));
            DemoSnapshot.derive(fixture.snapshot, fixture.snapshot, Map.of(
                    BUFFER_PID, Map.of("store.directory", disk.path().resolve("outbox").toString(),
                            "disk.min.free.bytes", Long.toString(FLOOR)),
                    GatewayFixture.COAP_PID, Map.of("busy.max.age.seconds", Integer.toString(RETRY_AFTER_SECONDS))));
            disk.fillLeaving(FLOOR + (5L << 20));
            PlatformDeliveries deliveries = new PlatformDeliveries(SENSOR);
            try (PlatformStandIn platform = PlatformStandIn.start(FreePorts.tcp(), "cityhub/#", deliveries);
                    CuttableLink link = new CuttableLink(fixture.brokerPort, platform.port());
                    GatewayProcess gateway = fixture.start(fixture.runtimeJar());
                    PackPoster poster = new PackPoster(fixture.sensor(SENSOR))) {
                // when the platform is out of reach, so the load fills the disk
                link.cut();
                poster.start();
                await("the gateway answers 5.03 once the disk is full").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(100)).until(() -> poster.refused() > 0);
                long acceptedWhenFull = poster.accepted().size();
                assertThat(acceptedWhenFull).as("readings stored before the disk filled").isGreaterThan(1000);
                assertThat(poster.retryAfter()).as("Max-Age of the 5.03 answers").containsOnly(
                        (long) RETRY_AFTER_SECONDS);
                int logLinesAtFull = gateway.logText().lines().toList().size();

                // ... and stays full for a while, with the platform back in reach meanwhile
                long until = System.nanoTime() + FULL_FOR.toNanos();
                await().pollDelay(FULL_FOR.dividedBy(2)).until(() -> true);
                link.restore();
                await("delivery goes on while the disk is full").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100)).until(() -> !deliveries.seen().isEmpty());
                await().pollDelay(Duration.ofNanos(Math.max(0, until - System.nanoTime()))).until(() -> true);

                // then the log says why, clearly and not at every retry
                List<String> fullPeriod = gateway.logText().lines().skip(logLinesAtFull).toList();
                String log = gateway.logText();
                assertThat(log).as("the log names the full disk").containsIgnoringCase("disk");
                assertThat(log.lines().filter(l -> l.contains("DISK_FULL")).count())
                        .as("lines that announce the full disk").isGreaterThanOrEqualTo(1);
                assertThat(fullPeriod.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList())
                        .as("warnings and errors logged in %s of full disk under load", FULL_FOR)
                        .hasSizeLessThanOrEqualTo(10);
                assertThat(poster.refused()).as("5.03 answers while full").isGreaterThan(20);
                assertThat(poster.otherAnswers()).as("answers other than 2.04 and 5.03").isEmpty();

                // when space is freed
                disk.freeBallast();
                long acceptedBeforeFree = poster.accepted().size();

                // then the gateway accepts again
                await("the gateway accepts again once space is freed").atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> poster.accepted().size() > acceptedBeforeFree + 200);
                poster.stop();
                assertThat(poster.failure()).as("the sensor's posting failed").isNull();

                // and every reading answered 2.04 reaches the platform
                Set<String> accepted = poster.accepted();
                await("every acknowledged reading arrives").atMost(Duration.ofSeconds(120))
                        .pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> assertThat(deliveries.seen()).containsAll(accepted));
                assertThat(gateway.isAlive()).isTrue();
            }
        }
    }

    /**
     * A sensor posting SenML packs of {@value #PACK} temperature readings back to back on its own thread, each
     * reading with its own timestamp; it ignores Max-Age (a misbehaving sensor is the worst case) and remembers
     * which readings were answered 2.04, how many packs 5.03 and with which Max-Age.
     */
    private static final class PackPoster implements AutoCloseable {

        private static final int PACK = 20;
        /**
         * 12 h ago, a reading a millisecond: the readings a fast machine refuses while the disk is full (hundreds of
         * thousands, answered 5.03 at once) still never lie in the future, which ingest would refuse.
         */
        private static final Instant BASE = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(12));

        private final SimulatedSensor sensor;
        private final Set<String> accepted = ConcurrentHashMap.newKeySet();
        private final Set<Long> retryAfter = ConcurrentHashMap.newKeySet();
        private final Set<String> otherAnswers = ConcurrentHashMap.newKeySet();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;
        private volatile boolean running = true;
        private long next;

        PackPoster(SimulatedSensor sensor) {
            this.sensor = sensor;
            this.thread = new Thread(this::loop, "disk-full-sensor");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void loop() {
            try {
                while (running) {
                    postOne();
                }
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        }

        private void postOne() {
            long first = next;
            next += PACK;
            StringBuilder pack = new StringBuilder("[");
            for (int i = 0; i < PACK; i++) {
                long millis = BASE.toEpochMilli() + first + i;
                pack.append(i == 0 ? "" : ",").append("{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":12.5,\"t\":")
                        .append(millis / 1000).append('.').append(String.format(Locale.ROOT, "%03d", millis % 1000))
                        .append('}');
            }
            pack.append(']');
            SimulatedSensor.Answer answer;
            try {
                answer = sensor.postRaw(pack.toString(), MediaTypeRegistry.APPLICATION_SENML_JSON);
            } catch (IOException e) {
                return; // not answered: not acknowledged
            }
            if (answer == null) {
                return;
            }
            if (answer.accepted()) {
                if (!answer.text().startsWith("accepted=" + PACK + " ")) {
                    otherAnswers.add("2.04 " + answer.text());
                }
                for (int i = 0; i < PACK; i++) {
                    accepted.add(BASE.plusMillis(first + i).toString());
                }
            } else if (answer.code() == ResponseCode.SERVICE_UNAVAILABLE) {
                refused.incrementAndGet();
                retryAfter.add(answer.maxAgeSeconds() == null ? -1L : answer.maxAgeSeconds());
            } else {
                otherAnswers.add(answer.code() + " " + answer.text());
            }
        }

        Set<String> accepted() {
            return Set.copyOf(accepted);
        }

        long refused() {
            return refused.get();
        }

        Set<Long> retryAfter() {
            return Set.copyOf(retryAfter);
        }

        Set<String> otherAnswers() {
            return Set.copyOf(otherAnswers);
        }

        Throwable failure() {
            return failure.get();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(30_000);
            assertThat(thread.isAlive()).as("the sensor stops posting").isFalse();
        }

        @Override
        public void close() throws InterruptedException {
            stop();
            sensor.close();
        }
    }
}
