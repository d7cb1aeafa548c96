package io.cityhub.forward.mqtt.internal.spat;

import io.cityhub.api.traffic.SignalTiming;
import io.cityhub.forward.mqtt.internal.link.MqttText;
import io.cityhub.forward.mqtt.internal.link.PublishException;
import io.cityhub.forward.mqtt.internal.link.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each intersection's signal timing (SPaT) at QoS 0 on {@code <topic base>/<intersection>}, off the
 * caller's thread. SPaT is real-time: it does not go through the outbox (ingest stores the durable telemetry copy), and
 * an old timing is worth nothing once a newer one exists. So {@link #offer} only puts the timing into its
 * intersection's slot and returns; one thread publishes the slots' contents, one message at a time, waiting for the
 * client to write it. A timing that is replaced in its slot before it was sent (the link is slow or down) is dropped
 * and counted; the newest stays. When the link comes (back) up, every intersection's newest timing is sent again, so a
 * roadside app that subscribed meanwhile learns the current state without waiting for the next change (timings are
 * published on change only, so the newest is the current one).
 */
public final class SpatRelay {

    /** What the relay needs from the MQTT session. */
    public interface Link {
        /** @return true while the session is up */
        boolean isConnected();

        /**
         * Publishes at QoS 0, not retained, and waits until the client has written it.
         *
         * @throws PublishException if the client refuses it or does not write it within the timeout
         */
        void publishAtMostOnce(String topic, byte[] payload, long timeoutMillis) throws PublishException;
    }

    /** How long one message may take to be written before the relay gives up on it (the next change replaces it). */
    static final long WRITE_TIMEOUT_MILLIS = 2_000;
    private static final Logger LOG = LoggerFactory.getLogger(SpatRelay.class);

    private final Link link;
    private final String root;
    /** {@code <root>/<spat.topic>}, or null while SPaT publication is switched off */
    private final AtomicReference<String> base = new AtomicReference<>();
    /** newest timing per intersection, sent or not */
    private final Map<String, SignalTiming> latest = new ConcurrentHashMap<>();
    /** newest timing per intersection not yet sent */
    private final Map<String, SignalTiming> pending = new ConcurrentHashMap<>();
    /** intersections whose slot may hold something to send */
    private final BlockingQueue<String> ready = new LinkedBlockingQueue<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final Thread worker;

    /**
     * Starts the relay's thread.
     *
     * @param link the MQTT session
     * @param root {@code <prefix>/<gateway>}
     * @param topic the SPaT topic levels under the root (validated), or null to start switched off
     */
    public SpatRelay(Link link, String root, String topic) {
        this.link = link;
        this.root = root;
        configure(topic);
        this.worker = new Thread(this::run, "cityhub-mqtt-spat");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    /**
     * Switches publication on (with its topic) or off; applies at once, to the next timing sent.
     *
     * @param topic the SPaT topic levels under the root, or null for off (pending timings are then forgotten)
     */
    public void configure(String topic) {
        base.set(topic == null ? null : root + "/" + topic);
        if (topic == null) {
            pending.clear();
            latest.clear();
        }
    }

    /** @return the topic a timing of {@code intersection} goes to, or null when switched off */
    public String topicOf(String intersection) {
        String b = base.get();
        return b == null ? null : b + "/" + Topics.topicLevel(intersection);
    }

    /**
     * Hands a timing over for publication; never blocks.
     *
     * @param timing the intersection's newest timing
     */
    public void offer(SignalTiming timing) {
        if (base.get() == null || !worker.isAlive()) {
            return;
        }
        String name = timing.intersection();
        latest.put(name, timing);
        if (pending.put(name, timing) != null) {
            dropped.incrementAndGet(); // replaced before it was sent: stale
        } else {
            ready.offer(name);
        }
    }

    /** The link is (back) up: every intersection's newest timing goes out again. */
    public void linkUp() {
        for (Map.Entry<String, SignalTiming> e : latest.entrySet()) {
            pending.putIfAbsent(e.getKey(), e.getValue());
            ready.offer(e.getKey());
        }
    }

    /** @return the newest timing of every intersection heard since start, for a successor relay */
    public Collection<SignalTiming> latest() {
        return List.copyOf(latest.values());
    }

    /**
     * Takes over what a predecessor relay knew, to be sent once this relay's link is up.
     *
     * @param timings newest timings, one per intersection
     */
    public void restore(Collection<SignalTiming> timings) {
        if (base.get() == null) {
            return;
        }
        for (SignalTiming t : timings) {
            latest.putIfAbsent(t.intersection(), t);
        }
        linkUp();
    }

    /** @return the health counters: published, dropped (replaced before sending), failed (refused or timed out) */
    public Map<String, Object> health() {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("spatEnabled", base.get() != null);
        h.put("spatPublished", published.get());
        h.put("spatDropped", dropped.get());
        h.put("spatFailed", failed.get());
        return h;
    }

    /**
     * Stops the thread; what is pending is forgotten.
     *
     * @throws InterruptedException if interrupted while waiting for the thread
     */
    public void close() throws InterruptedException {
        worker.interrupt();
        worker.join(TimeUnit.SECONDS.toMillis(5));
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                String name = ready.take();
                if (!link.isConnected()) {
                    continue; // the slot keeps the newest; linkUp() queues it again
                }
                SignalTiming timing = pending.remove(name);
                if (timing != null) {
                    send(timing);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close(): end the thread
        }
    }

    private void send(SignalTiming timing) {
        String topic = topicOf(timing.intersection());
        if (topic == null) {
            return;
        }
        Optional<String> problem = MqttText.problem(topic);
        if (problem.isPresent()) {
            fail(timing, "topic " + MqttText.printable(topic, 128) + " is not an MQTT string: " + problem.get());
            return;
        }
        try {
            link.publishAtMostOnce(topic, timing.toJson().getBytes(StandardCharsets.UTF_8), WRITE_TIMEOUT_MILLIS);
            published.incrementAndGet();
            if (failing.getAndSet(false)) {
                LOG.info("uplink SPaT of {} is published again", timing.intersection());
            }
        } catch (PublishException e) {
            fail(timing, e.getMessage());
        } catch (RuntimeException e) { // a refusal for what the message holds: count it, keep the thread
            fail(timing, e.toString());
        }
    }

    /** A failure is a state: logged when it starts, then at DEBUG until a publication works again. */
    private void fail(SignalTiming timing, String why) {
        failed.incrementAndGet();
        if (!failing.getAndSet(true)) {
            LOG.warn("uplink SPaT of {} not published: {}; counting failures, logging recovery only",
                    timing.intersection(), why);
        } else {
            LOG.debug("uplink SPaT of {} not published: {}", timing.intersection(), why);
        }
    }
}
