package io.cityhub.benchmarks.e2e;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The regional platform: a Paho client subscribed with QoS 1 to {@code <prefix>/#}, with a persistent session
 * (clean session off) so the broker keeps its messages while it reconnects after the outage. Parses every
 * telemetry payload (SenML JSON as the forwarder writes it: {@code bn}, {@code n}, {@code v}, {@code t} in seconds,
 * {@code rid}, {@code clk}), finds each reading by its value (the ledger number the generator put there) and records
 * its latency: arrival on this clock minus the reading's time, which the generator set to its send time.
 */
final class PlatformSubscriber implements AutoCloseable {

    private static final JsonFactory JSON = new JsonFactory();

    private final MqttClient client;
    private final String filter;
    private final String telemetryInfix;
    private final Ledger ledger;
    private final IntFunction<LatencyHistogram> histogramOfPhase;
    private final Clock clock = Clock.systemUTC();
    /** LoRa readings (sensor ids {@code lora-NNNN}) and their latency by phase; null: no LoRa load. */
    private volatile LoraLedger lora;
    private volatile IntFunction<LatencyHistogram> loraHistogramOfPhase;
    private final Thread reconnector;
    private volatile boolean running = true;
    private final Object connectionLock = new Object();

    final LongAdder telemetryMessages = new LongAdder();
    final LongAdder eventMessages = new LongAdder();
    final LongAdder otherMessages = new LongAdder();
    final LongAdder dupFlagged = new LongAdder();
    final LongAdder foreignReadings = new LongAdder();
    final LongAdder withoutRid = new LongAdder();
    final LongAdder unparsable = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final ConcurrentHashMap<String, LongAdder> clockQualities = new ConcurrentHashMap<>();
    /** Wall-clock micros of the latest arrival of a reading not seen before. */
    final AtomicLong lastNewArrivalMicros = new AtomicLong();
    /** Readings per message, summed, to report the batching the forwarder achieved. */
    final LongAdder readingsInTelemetry = new LongAdder();

    PlatformSubscriber(
            int brokerPort, String topicPrefix, Ledger ledger, IntFunction<LatencyHistogram> histogramOfPhase)
            throws MqttException {
        this.client =
                new MqttClient("tcp://127.0.0.1:" + brokerPort, "cityhub-bench-platform", new MemoryPersistence());
        this.filter = topicPrefix + "/#";
        this.telemetryInfix = "/telemetry/";
        this.ledger = ledger;
        this.histogramOfPhase = histogramOfPhase;
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                synchronized (connectionLock) {
                    connectionLock.notifyAll();
                }
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                onMessage(topic, message);
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // the platform publishes nothing here
            }
        });
        connect();
        reconnector = new Thread(this::keepConnected, "bench-platform-reconnect");
        reconnector.setDaemon(true);
        reconnector.start();
    }

    private void connect() throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(false);
        options.setConnectionTimeout(2);
        options.setKeepAliveInterval(10);
        client.connect(options);
        // subscribing again after a reconnect is harmless and covers a broker that lost its state
        client.subscribe(filter, 1);
    }

    /** Paho's own reconnect backs off up to minutes; the outage phase needs the platform back within ~100 ms. */
    private void keepConnected() {
        while (running) {
            try {
                synchronized (connectionLock) {
                    if (client.isConnected()) {
                        connectionLock.wait(200);
                        continue;
                    }
                }
                connect();
                reconnects.increment();
            } catch (MqttException e) {
                try {
                    TimeUnit.MILLISECONDS.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The outbox's commit counter as last reported in a health message, and when it arrived. */
    record CommitMark(long nanos, long commits) {
    }

    private static final Pattern COMMITS = Pattern.compile("\"commits\"\\s*:\\s*(\\d+)");
    private final ConcurrentLinkedDeque<CommitMark> commitMarks = new ConcurrentLinkedDeque<>();

    /**
     * @return the first and the last commit count the gateway reported between {@code fromNanos} and {@code toNanos}
     *     ({@link System#nanoTime()}), or null when fewer than two arrived in between
     */
    CommitMark[] commitsWithin(long fromNanos, long toNanos) {
        CommitMark first = null;
        CommitMark last = null;
        for (CommitMark m : commitMarks) {
            if (m.nanos() >= fromNanos && m.nanos() <= toNanos) {
                first = first == null ? m : first;
                last = m;
            }
        }
        return first == null || last == first ? null : new CommitMark[] {first, last};
    }

    private void noteCommits(byte[] payload) {
        Matcher m = COMMITS.matcher(new String(payload, StandardCharsets.UTF_8));
        if (m.find()) {
            commitMarks.add(new CommitMark(System.nanoTime(), Long.parseLong(m.group(1))));
            while (commitMarks.size() > 10_000) {
                commitMarks.pollFirst();
            }
        }
    }

    /** Accounts readings of LoRa sensors in this ledger, their latency in these histograms (by send phase). */
    void lora(LoraLedger ledger, IntFunction<LatencyHistogram> histograms) {
        this.loraHistogramOfPhase = histograms;
        this.lora = ledger;
    }

    boolean isConnected() {
        return client.isConnected();
    }

    private void onMessage(String topic, MqttMessage message) {
        if (message.isDuplicate()) {
            dupFlagged.increment();
        }
        if (topic.contains("/events")) {
            eventMessages.increment();
            return;
        }
        if (!topic.contains(telemetryInfix)) {
            otherMessages.increment();
            if (topic.endsWith("/health")) {
                noteCommits(message.getPayload());
            }
            return;
        }
        telemetryMessages.increment();
        Instant now = clock.instant();
        long arrivalMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
        try (JsonParser p = JSON.createParser(message.getPayload())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                unparsable.increment();
                return;
            }
            LoraLedger loraLedger = lora;
            String bn = null;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                String name = null;
                double t = Double.NaN;
                double v = Double.NaN;
                String clk = null;
                boolean rid = false;
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (field) {
                        case "t" -> t = p.getDoubleValue();
                        case "bt" -> t = Double.isNaN(t) ? p.getDoubleValue() : t + p.getDoubleValue();
                        case "v" -> v = value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT
                                ? p.getDoubleValue() : Double.NaN;
                        case "clk" -> clk = p.getText();
                        case "bn" -> bn = p.getText();
                        case "n" -> name = p.getText();
                        case "rid" -> rid = value == JsonToken.VALUE_STRING && !p.getText().isEmpty();
                        default -> p.skipChildren();
                    }
                }
                readingsInTelemetry.increment();
                if (!rid) {
                    withoutRid.increment();
                }
                if (clk != null) {
                    clockQualities.computeIfAbsent(clk, k -> new LongAdder()).increment();
                }
                int device = loraLedger == null ? -1 : LoraLoad.deviceOfBaseName(bn);
                if (device >= 0) {
                    onLoraReading(loraLedger, device, name, t, arrivalMicros);
                    continue;
                }
                long index = (long) v;
                if (Double.isNaN(v) || v != index || index < 0) {
                    foreignReadings.increment();
                    continue;
                }
                int count = ledger.arrived(index);
                if (count == 1) {
                    lastNewArrivalMicros.set(arrivalMicros);
                    if (!Double.isNaN(t)) {
                        long sentMicros = Math.round(t * 1e6);
                        histogramOfPhase.apply(ledger.phaseOfReading(index)).record(arrivalMicros - sentMicros);
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            unparsable.increment();
        }
    }

    /** A LoRa reading: its frame is found by its time (the frame's GPS time), device and channel. */
    private void onLoraReading(LoraLedger loraLedger, int device, String name, double t, long arrivalMicros) {
        if (Double.isNaN(t) || name == null) {
            loraLedger.foreign.increment();
            return;
        }
        long sentMicros = Math.round(t * 1e6);
        long frame = loraLedger.arrived(device, name, sentMicros);
        if (frame >= 0 && loraLedger.arrivals(frame, LoraLoad.CHANNELS.indexOf(name)) == 1) {
            lastNewArrivalMicros.set(arrivalMicros);
            loraHistogramOfPhase.apply(loraLedger.phaseOfFrame(frame)).record(arrivalMicros - sentMicros);
        }
    }

    @Override
    public void close() {
        running = false;
        reconnector.interrupt();
        try {
            reconnector.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
        } catch (MqttException e) {
            // closing anyway
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }
}
