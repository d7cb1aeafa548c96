package io.cityhub.sensor.gpio.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.buffer.mapdb.internal.BenchmarkOutbox;
import io.cityhub.buffer.mapdb.internal.MapDbReadingBuffer;
import io.cityhub.ingest.internal.IngestOptions;
import io.cityhub.ingest.internal.IngestPipeline;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Input edge to durable reading: an edge on a simulated line (Pi4J's mock provider) through the real input pin
 * (no debounce), the real ingest and the real MapDB outbox, until the outbox's append has completed (committed).
 * Edges are paced one at a time (the next after the previous is durable, plus a gap), as wires change, so each
 * figure is one edge's latency, not a queue's. Prints figures; asserts nothing.
 *
 * <p>Arguments: work dir (deleted first), edges per run, gap between edges in ms.
 */
public final class EdgeToOutboxBenchmark {

    private EdgeToOutboxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
        int edges = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        long gapMillis = args.length > 2 ? Long.parseLong(args[2]) : 5;
        delete(dir);
        MapDbReadingBuffer buffer = BenchmarkOutbox.open(dir.resolve("outbox"));
        IngestPipeline ingest = new IngestPipeline(IngestOptions.DEFAULTS, buffer, Clock.systemUTC());
        GpioPlatform platform = new GpioPlatform(GpioPlatform.Provider.MOCK);
        AtomicLong durableAt = new AtomicLong();
        AtomicLong submittedAt = new AtomicLong();
        CountDownLatch[] durable = {new CountDownLatch(1)};
        ObservationSink timed = new ObservationSink() {
            @Override
            public CompletionStage<IngestReceipt> submit(List<Reading> readings) {
                submittedAt.set(System.nanoTime());
                return ingest.submit(readings).whenComplete((receipt, error) -> {
                    durableAt.set(System.nanoTime());
                    durable[0].countDown();
                });
            }

            @Override
            public CompletionStage<IngestReceipt> submit(RawObservation observation) {
                return ingest.submit(observation);
            }
        };
        GpioPinOptions options = PinConfigsForBenchmark.input(17);
        GpioPin pin = new GpioPin(options, "bench", platform, timed, new ReadingStamper(null, Clock.systemUTC()),
                () -> dir, null);
        durable[0].await(10, TimeUnit.SECONDS); // the start reading
        long appended;
        try {
            run(platform, durable, durableAt, submittedAt, Math.min(200, edges), gapMillis, "warm-up");
            run(platform, durable, durableAt, submittedAt, edges, gapMillis, "measured");
            appended = buffer.metrics().appended();
        } finally {
            pin.deactivate();
            platform.close();
            BenchmarkOutbox.close(buffer);
        }
        System.out.printf(Locale.ROOT, "outbox: %d readings appended%n", appended);
    }

    private static void run(GpioPlatform platform, CountDownLatch[] durable, AtomicLong durableAt,
            AtomicLong submittedAt, int edges, long gapMillis, String label) throws InterruptedException {
        long[] micros = new long[edges];
        long[] toIngest = new long[edges];
        boolean level = false;
        for (int i = 0; i < edges; i++) {
            durable[0] = new CountDownLatch(1);
            level = !level;
            long start = System.nanoTime();
            platform.simulateInput(17, level);
            if (!durable[0].await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("edge " + i + " never became durable");
            }
            micros[i] = (durableAt.get() - start) / 1000;
            toIngest[i] = submittedAt.get() - start;
            TimeUnit.MILLISECONDS.sleep(gapMillis); // pacing of the load, not a wait for a result
        }
        Arrays.sort(micros);
        Arrays.sort(toIngest);
        System.out.printf(Locale.ROOT, "%s: %d edges, edge -> reading handed to ingest: p50 %d us, p99 %d us,"
                + " max %d us%n", label, edges, toIngest[edges / 2] / 1000, toIngest[edges * 99 / 100] / 1000,
                toIngest[edges - 1] / 1000);
        System.out.printf(Locale.ROOT, "%s: %d edges, edge -> durable in outbox: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms,"
                + " max %.2f ms%n", label, edges, micros[edges / 2] / 1000.0, micros[edges * 9 / 10] / 1000.0,
                micros[edges * 99 / 100] / 1000.0, micros[edges - 1] / 1000.0);
    }

    private static void delete(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The pin's configuration: a door contact without debounce or heartbeat. */
    static final class PinConfigsForBenchmark {
        private PinConfigsForBenchmark() {
        }

        static GpioPinOptions input(int bcm) {
            GpioPinConfig config = (GpioPinConfig) Proxy.newProxyInstance(GpioPinConfig.class.getClassLoader(),
                    new Class<?>[] {GpioPinConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "bcm" -> bcm;
                        case "sensor_id" -> "bench-door";
                        case "debounce_ms" -> 0;
                        case "heartbeat_seconds" -> 0;
                        default -> method.getDefaultValue();
                    });
            return GpioPinOptions.from(config);
        }
    }
}
