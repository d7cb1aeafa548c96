package io.cityhub.forward.mqtt.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.forward.mqtt.internal.delivery.LatencyWindow;
import io.cityhub.testing.FreePorts;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.kura.crypto.CryptoService;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Uplink benchmark: the real {@link MqttForwarder} against a local mosquitto at QoS 1, with a platform subscriber
 * at QoS 1. Prints figures; asserts nothing. Run: {@code mvn -B -o -q compile exec:java} (see README.md).
 */
public final class UplinkBenchmark {

    private static final int SENSORS = 10;
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Instant BASE = Instant.parse("2026-11-27T00:00:00Z");

    private UplinkBenchmark() {
    }

    /**
     * @param args optional: sustained offered rate (readings/s, default 27000), phase seconds (default 15)
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 27_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        Path dir = Files.createTempDirectory("uplink-bench");
        int port = FreePorts.tcp();
        Path conf = dir.resolve("mosquitto.conf");
        Files.write(conf, List.of("listener " + port + " 127.0.0.1", "allow_anonymous true", "user root"));
        Process broker = startMosquitto(conf, port);
        String uri = "tcp://127.0.0.1:" + port;
        MqttClient platform = new MqttClient(uri, "platform", new MemoryPersistence());
        AtomicLong received = new AtomicLong();
        MqttConnectOptions platformOptions = new MqttConnectOptions();
        platformOptions.setAutomaticReconnect(true); // it rides through the outage phase like a real platform
        platformOptions.setMaxInflight(1000);
        platform.connect(platformOptions);
        platform.subscribe("cityhub/#", 1, (t, m) -> received.incrementAndGet());
        try {
            System.out.printf("uplink benchmark: mosquitto 127.0.0.1:%d, QoS 1, %d sensors, %d cores%n", port, SENSORS,
                    Runtime.getRuntime().availableProcessors());
            drain(uri, 300_000);
            drain(uri, 300_000);
            sustained(uri, rate, seconds, null, null);
            broker = outage(uri, rate, seconds, conf, port, broker);
        } finally {
            try {
                if (platform.isConnected()) {
                    platform.disconnect();
                }
                platform.close();
            } catch (MqttException e) {
                // the subscriber was still reconnecting after the outage phase; the figures are printed already
                System.out.printf("platform subscriber did not close cleanly: %s%n", e.getMessage());
            } finally {
                broker.destroy(); // never leave the broker process behind
                broker.waitFor(5, TimeUnit.SECONDS);
            }
        }
        System.out.printf("platform subscriber received %d messages%n", received.get());
        // Paho keeps a non-daemon reconnect timer when the subscriber was still reconnecting after the outage phase
        // (close() does not cancel it): end the harness here rather than hang after printing.
        System.exit(0);
    }

    private static void drain(String uri, int count) throws Exception {
        InMemoryReadingBuffer buffer = new InMemoryReadingBuffer().keepDelivered(false);
        for (int i = 0; i < count; i += 1000) {
            buffer.append(readings(1000));
        }
        long start = System.nanoTime();
        MqttForwarder forwarder = forwarder(uri, buffer);
        try {
            while (buffer.delivered() < count) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            double secs = (System.nanoTime() - start) / 1e9;
            Map<String, Object> h = forwarder.health();
            System.out.printf("drain  %,d buffered readings: %.2f s incl. connect = %,.0f readings/s; %,d messages "
                    + "(%.0f readings/msg, %.0f bytes/msg); publish->PUBACK p50 %.1f ms p99 %.1f ms%n", count, secs,
                    count / secs, (Long) h.get("publishedMessages"),
                    count / (double) (Long) h.get("publishedMessages"),
                    (Long) h.get("publishedBytes") / (double) (Long) h.get("publishedMessages"),
                    h.get("pubackMillisP50"), h.get("pubackMillisP99"));
        } finally {
            forwarder.deactivate();
        }
    }

    private static void sustained(String uri, int rate, int seconds, Path conf, Integer port) throws Exception {
        InMemoryReadingBuffer buffer = new InMemoryReadingBuffer().keepDelivered(false);
        MqttForwarder forwarder = forwarder(uri, buffer);
        Thread producer = producer(buffer, rate);
        try {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3)); // warm-up
            buffer.recordLatencies(true);
            long d0 = buffer.delivered();
            long a0 = buffer.appended();
            long t0 = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
            double secs = (System.nanoTime() - t0) / 1e9;
            long delivered = buffer.delivered() - d0;
            Map<String, Object> h = forwarder.health();
            System.out.printf("steady offered %,d/s for %d s: appended %,.0f/s, delivered %,.0f/s; ingest->PUBACK "
                    + "p50 %.1f ms p99 %.1f ms; publish->PUBACK p50 %.1f ms p99 %.1f ms (last %d msgs)%n", rate,
                    seconds, (buffer.appended() - a0) / secs, delivered / secs, buffer.latencyMillis(0.5),
                    buffer.latencyMillis(0.99), h.get("pubackMillisP50"), h.get("pubackMillisP99"),
                    LatencyWindow.SIZE);
        } finally {
            producer.interrupt();
            producer.join();
            forwarder.deactivate();
        }
    }

    private static Process outage(String uri, int rate, int seconds, Path conf, int port, Process broker)
            throws Exception {
        InMemoryReadingBuffer buffer = new InMemoryReadingBuffer().keepDelivered(false);
        MqttForwarder forwarder = forwarder(uri, buffer);
        Thread producer = producer(buffer, rate);
        Process current = broker;
        try {
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
            current.destroy();
            current.waitFor(5, TimeUnit.SECONDS);
            long down = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(10));
            current = startMosquitto(conf, port);
            long up = System.nanoTime();
            long backlog = buffer.appended() - buffer.delivered();
            long d0 = buffer.delivered();
            // caught up = what was appended before the restart has been delivered
            long target = buffer.appended();
            while (buffer.delivered() < target) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            double catchUp = (System.nanoTime() - up) / 1e9;
            long deliveredDuring = buffer.delivered() - d0;
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
            producer.interrupt();
            producer.join();
            while (buffer.delivered() < buffer.appended()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
            }
            System.out.printf("outage broker down %.1f s under %,d/s: backlog %,d readings; caught up %.2f s after "
                    + "restart (incl. reconnect backoff), %,.0f readings/s while also taking new load; appended %,d "
                    + "= acknowledged %,d%n", (up - down) / 1e9, rate, backlog, catchUp, deliveredDuring / catchUp,
                    buffer.appended(), buffer.delivered());
        } catch (Exception | Error e) {
            if (current != broker) {
                current.destroy(); // the restarted broker is not known to main yet
            }
            throw e;
        } finally {
            producer.interrupt();
            producer.join();
            forwarder.deactivate();
        }
        return current;
    }

    /** Appends {@code rate} readings/s in 1 ms steps on an absolute schedule (no drift). */
    private static Thread producer(InMemoryReadingBuffer buffer, int rate) {
        Thread t = new Thread(() -> {
            long next = System.nanoTime();
            double owed = 0;
            while (!Thread.currentThread().isInterrupted()) {
                owed += rate / 1000.0;
                int n = (int) owed;
                owed -= n;
                if (n > 0) {
                    buffer.append(readings(n));
                }
                next += 1_000_000;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }, "bench-producer");
        t.start();
        return t;
    }

    private static List<Reading> readings(int n) {
        List<Reading> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long seq = SEQUENCE.getAndIncrement();
            list.add(Reading.of("sensor-" + (seq % SENSORS), "temperature", ReadingValue.of(15 + (seq % 100) / 10.0),
                    "Cel", BASE.plusMillis(seq), ClockQuality.SYNCHRONISED, SourceMetadata.of("coap")));
        }
        return list;
    }

    private static MqttForwarder forwarder(String uri, InMemoryReadingBuffer buffer) {
        Map<String, Object> p = new HashMap<>();
        p.put("gateway.id", "bench-gw");
        p.put("broker.uris", uri);
        p.put("batch.size", 1000);
        p.put("message.max.bytes", 16384);
        p.put("inflight.window", 64);
        p.put("reconnect.min.millis", 100L);
        p.put("reconnect.max.millis", 1000L);
        p.put("status.interval.seconds", 60);
        CryptoService identity = new CryptoService() {
            @Override
            public char[] decryptAes(char[] v) {
                return v;
            }

            @Override
            public char[] encryptAes(char[] v) {
                return v;
            }
        };
        MqttForwarderOptions options = MqttForwarderOptions.from(config(p), identity);
        MqttForwarder forwarder = new MqttForwarder(
                options, buffer, identity, Clock.systemUTC(), Map.of("uplink", "bench"), new SplittableRandom(1));
        while (!Boolean.TRUE.equals(forwarder.health().get("connected"))) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return forwarder;
    }

    private static Process startMosquitto(Path conf, int port) throws IOException {
        Process p = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(conf.resolveSibling("mosquitto.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 100);
                return p;
            } catch (IOException e) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
        throw new IOException("mosquitto did not start");
    }

    /** A config annotation instance from properties (the {@code _} to {@code .} mapping DS applies). */
    private static MqttForwarderConfig config(Map<String, Object> properties) {
        return (MqttForwarderConfig) Proxy.newProxyInstance(MqttForwarderConfig.class.getClassLoader(),
                new Class<?>[] {MqttForwarderConfig.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class || method.getDeclaringClass() == Annotation.class) {
                        return switch (method.getName()) {
                            case "annotationType" -> MqttForwarderConfig.class;
                            case "hashCode" -> System.identityHashCode(proxy);
                            case "equals" -> proxy == args[0];
                            default -> "MqttForwarderConfig" + properties;
                        };
                    }
                    Object value = properties.get(method.getName().replace('_', '.'));
                    return value == null ? method.getDefaultValue() : value;
                });
    }
}
