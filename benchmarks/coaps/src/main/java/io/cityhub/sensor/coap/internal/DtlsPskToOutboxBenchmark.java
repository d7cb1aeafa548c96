package io.cityhub.sensor.coap.internal;

import io.cityhub.api.profile.PayloadCodec;
import io.cityhub.buffer.mapdb.internal.BenchmarkOutbox;
import io.cityhub.buffer.mapdb.internal.MapDbReadingBuffer;
import io.cityhub.ingest.internal.IngestOptions;
import io.cityhub.ingest.internal.IngestPipeline;
import io.cityhub.profiles.internal.SenmlJsonCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * DTLS-PSK sensors to durable readings: {@code sessions} Scandium clients (one socket and one DTLS session each, as
 * many sensors would have) post SenML JSON packs of {@code pack} readings over CoAPS to the real server, the real
 * ingest and the real MapDB outbox (metatype defaults) in a fresh folder; a 2.04 comes only once a pack is durable.
 * Each client sends its next POST when the previous one is answered (closed loop). Prints figures; asserts nothing.
 *
 * <p>Three figures: the rate of new full handshakes (all clients start at once), readings/s acknowledged (2.04)
 * over the measured seconds, and the server's heap per DTLS session (heap after GC with the sessions, minus heap
 * after GC once the server dropped them; the clients keep theirs, so only the server's share is counted).
 *
 * <p>Arguments: work dir (deleted first), sessions, readings per POST, measured seconds.
 */
public final class DtlsPskToOutboxBenchmark {

    private static final String KEY = "benchmark key 0123456789";

    private DtlsPskToOutboxBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/bench");
        int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int pack = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        delete(dir);
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
        Configuration.setStandard(Configuration.createStandardWithoutFile());

        MapDbReadingBuffer buffer = BenchmarkOutbox.open(dir.resolve("outbox"));
        IngestPipeline ingest = new IngestPipeline(IngestOptions.DEFAULTS, buffer, Clock.systemUTC());
        ingest.addCodec(new SenmlJsonCodec(), Map.of(PayloadCodec.CODEC_ID, SenmlJsonCodec.ID));
        CoapOptions options = new CoapOptions(new InetSocketAddress("127.0.0.1", 0), 65_000,
                io.cityhub.api.ClockQuality.SYNCHRONISED, 30, Math.max(512, sessions * 2),
                CoapOptions.DEFAULT_RECEIVE_BUFFER_BYTES, false, new InetSocketAddress("127.0.0.1", 0), 3, 0, 10,
                CoapOptions.DEFAULT_ACK_DELAY_MILLIS);
        CoapSensorServer server = new CoapSensorServer(options, ingest, Clock.systemUTC());
        for (int i = 0; i < sessions; i++) {
            server.addDevice(new CoapDevice(new CoapDeviceOptions("bench-" + i, "bench-identity-" + i,
                    KEY.getBytes(StandardCharsets.UTF_8), "", "", "", java.time.Duration.ZERO)));
        }
        String uri = "coaps://127.0.0.1:" + server.dtlsAddress().getPort() + "/readings";
        ScheduledExecutorService clientMain = ExecutorsUtil.newScheduledThreadPool(2, r -> new Thread(r, "bench-main"));
        ScheduledExecutorService clientSecondary = ExecutorsUtil.newDefaultSecondaryScheduler("bench-secondary#");
        ExecutorService senders = Executors.newFixedThreadPool(sessions, r -> new Thread(r, "bench-sensor"));
        List<CoapClient> clients = new ArrayList<>();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try {
            for (int i = 0; i < sessions; i++) {
                DTLSConnector connector = connector("bench-identity-" + i);
                clients.add(client(connector, clientMain, clientSecondary, uri));
            }
            long heapBefore = usedHeapAfterGc(memory);

            // 1. every client shakes hands at once with its first POST
            handshakeRound(server, clients, senders, pack, 10, "handshakes");

            // 2. heap per DTLS session: heap after GC with the sessions open minus before any handshake, over the
            // sessions; both ends live in this JVM, so this is the server's and the client's state together (the
            // server's share alone could not be isolated: DTLSConnector.clearConnectionState() freed no measurable
            // heap, and the clients cannot go on after it)
            long heapWith = usedHeapAfterGc(memory);
            System.out.printf(Locale.ROOT, "memory: heap after GC %d KiB with the clients before any handshake, %d KiB"
                    + " with %d sessions: %.1f KiB per DTLS session, server and client side together (connection,"
                    + " session, keys, session-store entry, the client's CoAP endpoint state)%n", heapBefore / 1024,
                    heapWith / 1024, sessions, (heapWith - heapBefore) / 1024.0 / sessions);

            // 3. closed loop: each client posts its next pack when the previous is answered
            AtomicBoolean running = new AtomicBoolean(true);
            LongAdder acked = new LongAdder();
            LongAdder failed = new LongAdder();
            CountDownLatch stopped = new CountDownLatch(sessions);
            long appendedBefore = buffer.metrics().appended();
            long loopStart = System.nanoTime();
            for (int i = 0; i < sessions; i++) {
                int id = i;
                senders.execute(() -> {
                    int seq = 100;
                    while (running.get()) {
                        CoapResponse response = post(clients.get(id), id, seq++, pack);
                        if (response != null && response.getCode() == ResponseCode.CHANGED) {
                            acked.add(pack);
                        } else {
                            failed.increment();
                        }
                    }
                    stopped.countDown();
                });
            }
            TimeUnit.SECONDS.sleep(seconds); // the measured period: load runs on the sender threads meanwhile
            running.set(false);
            long ackedAtStop = acked.sum();
            double loopSeconds = (System.nanoTime() - loopStart) / 1e9;
            stopped.await(120, TimeUnit.SECONDS);
            System.out.printf(Locale.ROOT, "load: %d sessions, %d readings per POST, %.1f s: %d readings acknowledged"
                    + " (2.04 = durable), %.0f readings/s, %.0f POSTs/s; %d POSTs without 2.04; outbox appended %d%n",
                    sessions, pack, loopSeconds, ackedAtStop, ackedAtStop / loopSeconds,
                    ackedAtStop / loopSeconds / pack, failed.sum(), buffer.metrics().appended() - appendedBefore);

        } finally {
            senders.shutdownNow();
            clients.forEach(CoapClient::shutdown);
            clientMain.shutdownNow();
            clientSecondary.shutdownNow();
            server.deactivate();
            BenchmarkOutbox.close(buffer);
        }
    }

    private static void handshakeRound(CoapSensorServer server, List<CoapClient> clients, ExecutorService senders,
            int pack, int seq, String label) throws InterruptedException {
        long handshakesBefore = (Long) server.health().get("dtls.handshakes");
        long start = System.nanoTime();
        CountDownLatch first = new CountDownLatch(clients.size());
        AtomicInteger firstOk = new AtomicInteger();
        for (int i = 0; i < clients.size(); i++) {
            int id = i;
            senders.execute(() -> {
                CoapResponse response = post(clients.get(id), id, seq, pack);
                if (response != null && response.getCode() == ResponseCode.CHANGED) {
                    firstOk.incrementAndGet();
                }
                first.countDown();
            });
        }
        first.await(600, TimeUnit.SECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        long handshakes = (Long) server.health().get("dtls.handshakes") - handshakesBefore;
        System.out.printf(Locale.ROOT, "%s: %d clients at once, server completed %d handshakes, %d first POSTs"
                + " answered 2.04, in %.2f s: %.0f new sessions/s (full PSK handshake + first POST; the clients'"
                + " side of each handshake runs in the same JVM)%n", label, clients.size(), handshakes,
                firstOk.get(), seconds, handshakes / seconds);
    }

    private static DTLSConnector connector(String identity) {
        Configuration configuration = Configuration.createStandardWithoutFile();
        configuration.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        configuration.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        DtlsConnectorConfig config = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, KEY.getBytes(StandardCharsets.UTF_8)))
                .build();
        return new DTLSConnector(config);
    }

    private static CoapClient client(DTLSConnector connector, ScheduledExecutorService main,
            ScheduledExecutorService secondary, String uri) {
        Configuration configuration = Configuration.createStandardWithoutFile();
        CoapEndpoint endpoint = new CoapEndpoint.Builder().setConnector(connector).setConfiguration(configuration)
                .build();
        endpoint.setExecutors(main, secondary);
        CoapClient client = new CoapClient(uri);
        client.setEndpoint(endpoint);
        client.setTimeout(60_000L);
        return client;
    }

    /** @return the answer, null if none came */
    private static CoapResponse post(CoapClient client, int sensor, int seq, int pack) {
        StringBuilder senml = new StringBuilder("[");
        // absolute, distinct times: every reading gets its own id (sensor, channel, unit, time)
        long base = 1_700_000_000_000L + (long) seq * pack;
        for (int j = 0; j < pack; j++) {
            senml.append(j == 0 ? "" : ",").append("{\"n\":\"temp\",\"u\":\"Cel\",\"v\":")
                    .append(20 + (sensor + j) % 10).append(",\"t\":").append((base + j) / 1000.0).append('}');
        }
        senml.append(']');
        try {
            return client.post(senml.toString(), MediaTypeRegistry.APPLICATION_SENML_JSON);
        } catch (Exception e) {
            return null; // counted as a POST without 2.04
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(200); // let the collector finish reference processing
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static void delete(Path dir) throws java.io.IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
