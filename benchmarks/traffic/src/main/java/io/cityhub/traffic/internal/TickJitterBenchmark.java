package io.cityhub.traffic.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.output.DigitalOutput;
import io.cityhub.buffer.mapdb.internal.BenchmarkOutbox;
import io.cityhub.buffer.mapdb.internal.MapDbReadingBuffer;
import io.cityhub.ingest.internal.IngestOptions;
import io.cityhub.ingest.internal.IngestPipeline;
import io.cityhub.sensor.coap.internal.CoapOptions;
import io.cityhub.sensor.coap.internal.CoapSensorServer;
import io.cityhub.traffic.definition.IntersectionLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * Tick jitter of a running intersection (the real {@link TrafficController}: its tick thread, controller, monitor,
 * SPaT publication) while other threads keep the real ingest and MapDB outbox saturated with readings. The
 * heartbeat output toggles on every 100 ms step, so the time between two heartbeat writes is the step interval as
 * the street sees it; jitter is its deviation from 100 ms. A plain main: it asserts nothing.
 *
 * <p>Arguments: definition file, seconds measured, tick period in ms (10..100), loader threads (0 = idle ingest),
 * work directory for the outbox, and optionally {@code coap}: the CoAP server's SPaT resource is attached as a
 * {@code SignalTimingListener} (called on the tick thread, as in the gateway) with one Californium client observing
 * {@code /spat/<intersection>} on loopback.
 */
public final class TickJitterBenchmark {

    private TickJitterBenchmark() {
    }

    /** @param args definition, seconds, tick period ms, loader threads, work directory */
    public static void main(String[] args) throws Exception {
        Path definition = Path.of(args[0]).toAbsolutePath();
        int seconds = Integer.parseInt(args[1]);
        int period = Integer.parseInt(args[2]);
        int loaders = Integer.parseInt(args[3]);
        Path dir = Path.of(args[4]);
        boolean coap = args.length > 5 && args[5].equals("coap");
        delete(dir);
        MapDbReadingBuffer buffer = BenchmarkOutbox.open(dir.resolve("outbox"));
        IngestPipeline ingest = new IngestPipeline(IngestOptions.DEFAULTS, buffer, Clock.systemUTC());
        ObservationSink sink = new ObservationSink() {
            @Override
            public CompletionStage<IngestReceipt> submit(List<Reading> readings) {
                return ingest.submit(readings);
            }

            @Override
            public CompletionStage<IngestReceipt> submit(RawObservation observation) {
                return ingest.submit(observation);
            }
        };
        var def = new IntersectionLoader().load(definition);
        List<Long> beats = new ArrayList<>(seconds * 10 + 100);
        AtomicBoolean measuring = new AtomicBoolean();
        // as on a gateway: steps paced by the monotonic clock, the tick thread real-time unless the property says 0
        int priority = Integer.getInteger("tick.realtime.priority", TrafficOptions.DEFAULT_REALTIME_PRIORITY);
        TrafficController controller = new TrafficController(config(definition.toString(), period, priority), null,
                sink, Clock.systemUTC(), () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()),
                TrafficController.CHRT);
        for (String id : IntersectionRunner.outputsOf(def)) {
            boolean heartbeat = id.equals(def.heartbeatOutput());
            controller.addOutput(new TimedOutput(id, heartbeat ? beats : null, measuring),
                    java.util.Map.of(DigitalOutput.OUTPUT_ID, id));
        }
        AtomicLong notifications = new AtomicLong();
        CoapSensorServer coapServer = null;
        CoapClient observer = null;
        if (coap) {
            CoapConfig.register();
            UdpConfig.register();
            Configuration.setStandard(Configuration.createStandardWithoutFile());
            coapServer = new CoapSensorServer(new CoapOptions(new InetSocketAddress("127.0.0.1", 0), 4096,
                    ClockQuality.SYNCHRONISED, 30, 512, 4_194_304, true, null, 3, 0, 10, 200), sink, Clock.systemUTC());
            controller.addSignalTimingListener(coapServer);
        }
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong loaded = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < loaders; i++) {
            Thread t = new Thread(() -> load(sink, loading, loaded), "bench-loader-" + i);
            t.start();
            threads.add(t);
        }
        Thread.sleep(10_000); // warm-up: start-up sequence, JIT, the outbox's first commits
        if (coapServer != null) { // the intersection's resource exists once its first timing was published
            observer = observe(coapServer.health().get("endpoint").toString(), def.name(), notifications);
        }
        long loadedBefore = loaded.get();
        measuring.set(true);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        measuring.set(false);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long readingsPerSecond = Math.round((loaded.get() - loadedBefore) / elapsed);
        loading.set(false);
        for (Thread t : threads) {
            t.join();
        }
        controller.deactivate();
        if (coapServer != null) {
            observer.shutdown();
            coapServer.deactivate();
        }
        BenchmarkOutbox.close(buffer);
        long[] intervals;
        synchronized (beats) {
            intervals = new long[beats.size() - 1];
            for (int i = 1; i < beats.size(); i++) {
                intervals[i - 1] = beats.get(i) - beats.get(i - 1);
            }
        }
        long[] jitter = Arrays.stream(intervals).map(n -> Math.abs(n - 100_000_000L)).sorted().toArray();
        Arrays.sort(intervals);
        System.out.printf("%s: %d groups, tick period %d ms, %d loader threads, %.0f s measured, ingest %d readings/s"
                + ", health %s%n", def.name(), def.groups().size(), period, loaders, elapsed, readingsPerSecond,
                controller.health());
        if (coap) {
            System.out.printf("SPaT over CoAP: %d notifications to the observer of /spat/%s%n", notifications.get(),
                    def.name());
        }
        System.out.printf("step interval: n %d  min %.2f ms  p50 %.2f ms  max %.2f ms%n", intervals.length,
                intervals[0] / 1e6, intervals[intervals.length / 2] / 1e6, intervals[intervals.length - 1] / 1e6);
        System.out.printf("jitter |interval - 100 ms|: p50 %.2f ms  p99 %.2f ms  max %.2f ms%n",
                jitter[jitter.length / 2] / 1e6, jitter[(int) (jitter.length * 0.99)] / 1e6,
                jitter[jitter.length - 1] / 1e6);
    }

    /** Observes {@code /spat/<name>} on the server's endpoint ("udp /127.0.0.1:port"), counting notifications. */
    private static CoapClient observe(String endpoint, String name, AtomicLong notifications) {
        String port = endpoint.substring(endpoint.lastIndexOf(':') + 1);
        CoapClient client = new CoapClient("coap://127.0.0.1:" + port + "/spat/" + name);
        client.setEndpoint(new CoapEndpoint.Builder().setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .setConfiguration(Configuration.getStandard()).build());
        CoapObserveRelation relation = client.observe(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                notifications.incrementAndGet();
            }

            @Override
            public void onError() {
                // counted by its absence
            }
        });
        if (relation == null) {
            throw new IllegalStateException("could not observe /spat/" + name);
        }
        return client;
    }

    /** Submits batches of 100 readings as fast as ingest takes them, 4 batches outstanding per thread. */
    private static void load(ObservationSink sink, AtomicBoolean loading, AtomicLong loaded) {
        Semaphore outstanding = new Semaphore(4);
        AtomicInteger seq = new AtomicInteger();
        SourceMetadata source = SourceMetadata.of("bench");
        String sensor = Thread.currentThread().getName();
        try {
            while (loading.get()) {
                outstanding.acquire();
                List<Reading> batch = new ArrayList<>(100);
                Instant now = Instant.now();
                for (int i = 0; i < 100; i++) {
                    batch.add(Reading.of(sensor, "value", ReadingValue.of(seq.incrementAndGet()), "1", now,
                            ClockQuality.SYNCHRONISED, source));
                }
                sink.submit(batch).whenComplete((r, e) -> {
                    if (e == null) {
                        loaded.addAndGet(100);
                    }
                    outstanding.release();
                });
            }
            outstanding.acquire(4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static TrafficControllerConfig config(String file, int period, int priority) {
        return new TrafficControllerConfig() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return TrafficControllerConfig.class;
            }

            @Override
            public String definition_file() {
                return file;
            }

            @Override
            public String mode() {
                return TrafficOptions.MODE_ACTUATED;
            }

            @Override
            public String plan() {
                return "";
            }

            @Override
            public int tick_period_ms() {
                return period;
            }

            @Override
            public int tick_realtime_priority() {
                return priority;
            }

            @Override
            public String operator_reset() {
                return "";
            }
        };
    }

    /** An output in memory; the heartbeat's records the time of every write while measuring. */
    private static final class TimedOutput implements DigitalOutput {
        private final String id;
        private final List<Long> writes;
        private final AtomicBoolean measuring;
        private volatile boolean level;

        TimedOutput(String id, List<Long> writes, AtomicBoolean measuring) {
            this.id = id;
            this.writes = writes;
            this.measuring = measuring;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public void set(boolean on) {
            if (writes != null && measuring.get()) {
                synchronized (writes) {
                    writes.add(System.nanoTime());
                }
            }
            level = on;
        }

        @Override
        public boolean sensed() {
            return level;
        }

        @Override
        public boolean hasFeedback() {
            return false;
        }

        @Override
        public boolean safeState() {
            return false;
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
