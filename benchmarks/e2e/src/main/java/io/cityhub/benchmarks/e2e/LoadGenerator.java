package io.cityhub.benchmarks.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.ExecutorsUtil;

/**
 * Many CoAP sensors, each its own UDP endpoint (its own port, as real devices are), posting confirmable SenML JSON
 * packs to {@code /readings/<sensor>} with many requests outstanding at once.
 *
 * <p>Why one endpoint per sensor: RFC 7252 §4.5 forbids reusing a message id towards a peer within
 * EXCHANGE_LIFETIME (247 s), and the gateway's deduplicator enforces it, so one endpoint can start at most
 * 65536 / 247 s ≈ 265 exchanges per second. A few dozen endpoints leave ample headroom.
 *
 * <p>Every pack holds {@code readingsPerPack} readings on channels {@code c0..cN}, all at one base time = the
 * send time in microseconds (strictly increasing per sensor, so (sensor, channel, time) — the reading id — is
 * unique), each with its ledger number as value.
 */
final class LoadGenerator implements AutoCloseable {

    private static final int SENML_JSON = 110;

    private volatile InetSocketAddress gateway;
    /** Null: {@code /readings/<sensor>} (the gateway); else this one path for every sensor (the peer). */
    private volatile String fixedPath;
    private final Ledger ledger;
    private final int readingsPerPack;
    private final List<CoapEndpoint> endpoints = new ArrayList<>();
    private final List<String> sensorIds = new ArrayList<>();
    private final long[] lastMicros;
    private final ScheduledExecutorService mainExecutor;
    private final ScheduledExecutorService secondaryExecutor;
    private final Clock clock = Clock.systemUTC();
    private final AtomicLong nextPack = new AtomicLong();
    private final Map<Long, Outstanding> outstanding = new ConcurrentHashMap<>();
    private final long requestTimeoutNanos;
    private volatile Semaphore window = new Semaphore(0);
    /** Where round trips (send → 2.04) are recorded; null: not recorded. */
    private volatile LatencyHistogram roundTrips;

    final LongAdder sentPacks = new LongAdder();
    final LongAdder acceptedPacks = new LongAdder();
    final LongAdder refusedPacks = new LongAdder();
    final LongAdder failedPacks = new LongAdder();
    final LongAdder partialPacks = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> refusals = new ConcurrentHashMap<>();
    final ConcurrentHashMap<String, LongAdder> failures = new ConcurrentHashMap<>();

    private record Outstanding(Request request, long sentNanos) {
    }

    LoadGenerator(InetSocketAddress gateway, int sensors, int readingsPerPack, Ledger ledger, int threads,
            long requestTimeoutMillis) throws IOException {
        this.gateway = gateway;
        this.ledger = ledger;
        this.readingsPerPack = readingsPerPack;
        this.lastMicros = new long[sensors];
        this.requestTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(requestTimeoutMillis);
        CoapConfig.register();
        UdpConfig.register();
        Configuration config = Configuration.createStandardWithoutFile();
        config.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        config.set(UdpConfig.UDP_RECEIVE_BUFFER_SIZE, 1 << 20);
        config.set(UdpConfig.UDP_SEND_BUFFER_SIZE, 1 << 20);
        // no NSTART throttling on the device side: the gateway, not the generator, must be the bottleneck
        config.set(CoapConfig.CONGESTION_CONTROL_ALGORITHM, CoapConfig.CongestionControlMode.NULL);
        mainExecutor = ExecutorsUtil.newScheduledThreadPool(threads, named("bench-coap-"));
        secondaryExecutor = ExecutorsUtil.newDefaultSecondaryScheduler("bench-coap-timer#");
        for (int i = 0; i < sensors; i++) {
            CoapEndpoint endpoint = new CoapEndpoint.Builder()
                    .setConfiguration(config)
                    .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                    .setLoggingTag("bench-" + i)
                    .build();
            endpoint.setExecutors(mainExecutor, secondaryExecutor);
            endpoint.start();
            endpoints.add(endpoint);
            sensorIds.add(String.format("bench-%03d", i));
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Sends every later request to {@code target}: at {@code /readings/<sensor>} if {@code path} is null, else at
     * the one {@code path} for all sensors (a peer that cannot route by sensor). Same endpoints, same options.
     */
    void target(InetSocketAddress target, String path) {
        gateway = target;
        fixedPath = path;
    }

    /** Records the round trip (send → 2.04) of every accepted pack from now on in {@code histogram}; null stops. */
    void recordRoundTrips(LatencyHistogram histogram) {
        roundTrips = histogram;
    }

    /** @return packs sent and not yet answered */
    int outstanding() {
        return outstanding.size();
    }

    /** @return packs numbered so far (= next pack number) */
    long packsNumbered() {
        return nextPack.get();
    }

    /**
     * Sends one pack and waits for its answer: used to see that the gateway is up.
     *
     * @return the response code, or null if none within the timeout
     */
    ResponseCode probe(int phase, long timeoutMillis) throws InterruptedException {
        window = new Semaphore(1);
        window.acquire();
        send(phase);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (outstanding() > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        cancelAll();
        long pack = nextPack.get() - 1;
        return switch (ledger.state(pack)) {
            case Ledger.ACCEPTED -> ResponseCode.CHANGED;
            case Ledger.REFUSED -> ResponseCode.SERVICE_UNAVAILABLE;
            default -> null;
        };
    }

    /**
     * Offers load on the calling thread for {@code durationNanos}: at {@code readingsPerSecond} (0 = as fast as the
     * window allows, i.e. closed loop), never more than {@code maxOutstandingPacks} unanswered.
     *
     * @return packs this call sent
     */
    long run(int phase, double readingsPerSecond, int maxOutstandingPacks, long durationNanos)
            throws InterruptedException {
        window = new Semaphore(Math.max(0, maxOutstandingPacks - outstanding()));
        long start = System.nanoTime();
        long end = start + durationNanos;
        double packsPerNano = readingsPerSecond / readingsPerPack / 1e9;
        long sent = 0;
        long lastSweep = start;
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                break;
            }
            if (now - lastSweep > TimeUnit.SECONDS.toNanos(1)) {
                sweep(now);
                lastSweep = now;
            }
            if (readingsPerSecond > 0) {
                long due = (long) ((now - start) * packsPerNano);
                if (sent >= due) {
                    LockSupport.parkNanos(200_000);
                    continue;
                }
            }
            if (!window.tryAcquire(5, TimeUnit.MILLISECONDS)) {
                continue;
            }
            send(phase);
            sent++;
        }
        return sent;
    }

    /** Waits until every sent pack is answered or timed out. */
    boolean awaitAnswers(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (outstanding() > 0 && System.nanoTime() < deadline) {
            sweep(System.nanoTime());
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return outstanding() == 0;
    }

    private void sweep(long now) {
        for (Outstanding o : outstanding.values()) {
            if (now - o.sentNanos() > requestTimeoutNanos) {
                o.request().cancel();
            }
        }
    }

    private void cancelAll() {
        outstanding.values().forEach(o -> o.request().cancel());
    }

    private void send(int phase) {
        long pack = nextPack.getAndIncrement();
        int sensor = (int) (pack % endpoints.size());
        long micros;
        synchronized (lastMicros) {
            Instant now = clock.instant();
            micros = Math.max(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000, lastMicros[sensor] + 1);
            lastMicros[sensor] = micros;
        }
        StringBuilder senml = new StringBuilder(40 + readingsPerPack * 28);
        long first = pack * readingsPerPack;
        senml.append("[{\"bt\":").append(micros / 1_000_000).append('.');
        String fraction = Long.toString(micros % 1_000_000);
        senml.append("000000", 0, 6 - fraction.length()).append(fraction);
        for (int j = 0; j < readingsPerPack; j++) {
            senml.append(j == 0 ? ",\"n\":\"c" : ",{\"n\":\"c").append(j).append("\",\"v\":").append(first + j)
                    .append('}');
        }
        senml.append(']');
        Request request = Request.newPost();
        request.setDestinationContext(new AddressEndpointContext(gateway));
        String path = fixedPath;
        if (path == null) {
            request.getOptions().addUriPath("readings").addUriPath(sensorIds.get(sensor));
        } else {
            request.getOptions().setUriPath(path);
        }
        request.getOptions().setContentFormat(SENML_JSON);
        request.setPayload(senml.toString().getBytes(StandardCharsets.UTF_8));
        request.addMessageObserver(new MessageObserverAdapter() {
            @Override
            public void onResponse(Response response) {
                if (response.getCode() == ResponseCode.CHANGED) {
                    LatencyHistogram rtt = roundTrips;
                    Outstanding o = outstanding.get(pack);
                    if (rtt != null && o != null) {
                        rtt.record((System.nanoTime() - o.sentNanos()) / 1000);
                    }
                    int accepted = acceptedCount(response.getPayloadString());
                    ledger.acceptedReadings.add(accepted);
                    if (accepted != readingsPerPack) {
                        partialPacks.increment();
                    }
                    complete(pack, Ledger.ACCEPTED, null);
                } else {
                    refusals.computeIfAbsent(response.getCode().toString(), k -> new LongAdder()).increment();
                    complete(pack, Ledger.REFUSED, null);
                }
            }

            @Override
            public void onTimeout() {
                complete(pack, Ledger.FAILED, "timeout (retransmissions exhausted)");
            }

            @Override
            public void onCancel() {
                complete(pack, Ledger.FAILED, "no answer within the request timeout");
            }

            @Override
            public void onReject() {
                complete(pack, Ledger.FAILED, "reset by the gateway");
            }

            @Override
            public void onSendError(Throwable error) {
                complete(pack, Ledger.FAILED, "send error: " + error.getClass().getSimpleName() + " "
                        + error.getMessage());
            }
        });
        ledger.sent(pack, phase);
        outstanding.put(pack, new Outstanding(request, System.nanoTime()));
        sentPacks.increment();
        endpoints.get(sensor).sendRequest(request);
    }

    private void complete(long pack, byte state, String failure) {
        if (outstanding.remove(pack) == null) {
            return; // already completed (e.g. cancelled after a late response)
        }
        ledger.completed(pack, state);
        switch (state) {
            case Ledger.ACCEPTED -> acceptedPacks.increment();
            case Ledger.REFUSED -> refusedPacks.increment();
            default -> {
                failedPacks.increment();
                failures.computeIfAbsent(failure, k -> new LongAdder()).increment();
            }
        }
        window.release();
    }

    /** The gateway answers {@code accepted=N filtered=F rejected=R}; absent that, all readings count. */
    private int acceptedCount(String text) {
        int at = text == null ? -1 : text.indexOf("accepted=");
        if (at < 0) {
            return readingsPerPack;
        }
        int i = at + "accepted=".length();
        int n = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            n = n * 10 + (text.charAt(i++) - '0');
        }
        return n;
    }

    @Override
    public void close() {
        cancelAll();
        endpoints.forEach(CoapEndpoint::destroy);
        mainExecutor.shutdownNow();
        secondaryExecutor.shutdownNow();
    }
}
