package io.cityhub.forward.mqtt.internal.delivery;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PUBACK watchdog. A connection can stay up while the broker stops acknowledging (a stuck broker, a half-open NAT
 * path on which keep-alive pings still pass, a broker that drops QoS 1 flows); the MQTT keep-alive does not see it as
 * long as PINGRESPs arrive. Called periodically, {@link #check()} recognises such a stall ({@link #stall()}), has the
 * connection abandoned (its outstanding batches go back to the buffer and the link reconnects with backoff), counts
 * it, and logs the outage once; repeats (the broker accepts the new connection but still does not acknowledge) only
 * at DEBUG until a PUBACK arrives again. Time is an injected monotonic clock: an NTP step after boot neither trips
 * nor blinds it.
 */
public final class PubackWatchdog {

    /** The data flow it watches ({@link DeliveryPipeline}). */
    interface Flow {
        /** @return the acknowledgement state of the unacknowledged data messages, or null if there are none */
        AckProgress ackProgress();

        /** Releases everything outstanding (idempotent). */
        void connectionLost(Throwable cause);
    }

    /** The connection it may abandon (the MQTT link, adapted by the uplink). */
    public interface Connection {
        boolean isConnected();

        /** @return the broker of the current or last connection, or null before the first */
        String serverUri();

        /** @return false if the link was not up (nothing done) */
        boolean abandon(Throwable cause);
    }

    /**
     * Where the unacknowledged data messages stand, in the monotonic clock's nanoseconds.
     *
     * @param messages unacknowledged data messages, at least 1
     * @param oldestSequence publish order of the oldest of them
     * @param oldestPublishedNanos when the oldest was published
     * @param highestAcknowledged publish order of the latest message acknowledged (-1: none yet)
     * @param lastAcknowledgedNanos when the latest PUBACK arrived (or the flow started)
     */
    record AckProgress(int messages, long oldestSequence, long oldestPublishedNanos, long highestAcknowledged,
            long lastAcknowledgedNanos) {
    }

    /**
     * The broker has stopped acknowledging.
     *
     * @param waited how long the oldest unacknowledged message has waited for its PUBACK
     * @param messages unacknowledged messages
     * @param overtaken true if a later message was acknowledged first (MQTT 3.1.1 §4.6 requires PUBACKs in
     *     publish order, so the older PUBACK is lost), false if nothing was acknowledged for the whole timeout
     */
    record PubackStall(Duration waited, int messages, boolean overtaken) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(PubackWatchdog.class);

    private final Flow flow;
    private final Connection connection;
    private final UplinkCounters counters;
    private final long timeoutNanos;
    private final LongSupplier nanoTime;
    /** acknowledged-message count when the current PUBACK outage began (-1: none): recovery = it grew */
    private final AtomicLong acknowledgedAtStall = new AtomicLong(-1);
    private final AtomicLong timeoutsAtStall = new AtomicLong();

    /**
     * @param timeout how long the oldest unacknowledged message may wait
     * @param nanoTime monotonic time ({@code System::nanoTime}), the same the flow stamps its messages with
     */
    public PubackWatchdog(Flow flow, Connection connection, UplinkCounters counters, Duration timeout,
            LongSupplier nanoTime) {
        this.flow = flow;
        this.connection = connection;
        this.counters = counters;
        this.timeoutNanos = timeout.toNanos();
        this.nanoTime = nanoTime;
    }

    /**
     * The decision, cheap enough to call every second. A stall needs the oldest unacknowledged message to have
     * waited the timeout, and then either no PUBACK at all for the timeout (the broker or the path stopped) or a
     * PUBACK for a later message (its own was dropped). Age alone is not enough: on a slow link a full window takes
     * longer than the timeout to drain while PUBACKs keep arriving in order.
     *
     * @return the stall, or null while the broker acknowledges (or nothing is outstanding)
     */
    PubackStall stall() {
        AckProgress progress = flow.ackProgress();
        if (progress == null) {
            return null;
        }
        long now = nanoTime.getAsLong();
        long waited = now - progress.oldestPublishedNanos();
        if (waited < timeoutNanos) {
            return null;
        }
        boolean overtaken = progress.highestAcknowledged() > progress.oldestSequence();
        boolean silent = now - progress.lastAcknowledgedNanos() >= timeoutNanos;
        return overtaken || silent ? new PubackStall(Duration.ofNanos(waited), progress.messages(), overtaken) : null;
    }

    /** Acts on a stall (timer thread): abandon, release, count, log once per outage. */
    public void check() {
        long stalledAt = acknowledgedAtStall.get();
        if (stalledAt >= 0 && counters.publishedMessages.get() > stalledAt) {
            acknowledgedAtStall.set(-1);
            LOG.info("uplink broker {} acknowledges again after {} PUBACK timeout(s)", connection.serverUri(),
                    counters.pubackTimeouts.get() - timeoutsAtStall.get());
        }
        if (!connection.isConnected()) {
            return; // a lost connection has released everything already
        }
        PubackStall stall = stall();
        if (stall == null) {
            return;
        }
        String broker = connection.serverUri();
        IllegalStateException cause = new IllegalStateException("no PUBACK from " + broker + " for "
                + stall.waited().toSeconds() + " s");
        if (!connection.abandon(cause)) {
            return; // lost meanwhile: the ordinary path released the batches
        }
        // a publish that raced with the disconnect is in the outstanding set by now and its token may never fail:
        // release it too (settling is idempotent)
        flow.connectionLost(cause);
        counters.pubackTimeouts.incrementAndGet();
        if (acknowledgedAtStall.compareAndSet(-1, counters.publishedMessages.get())) {
            timeoutsAtStall.set(counters.pubackTimeouts.get() - 1);
            LOG.warn("uplink broker {} sent no PUBACK for {} s (timeout {} s; {} messages unacknowledged{}):"
                    + " released them to the buffer for redelivery and reconnecting; logging recovery only",
                    broker, stall.waited().toSeconds(), Duration.ofNanos(timeoutNanos).toSeconds(), stall.messages(),
                    stall.overtaken() ? ", a later one was acknowledged" : "");
        } else {
            LOG.debug("uplink broker {} again sent no PUBACK for {} s; reconnecting", broker,
                    stall.waited().toSeconds());
        }
    }

    /** @return true while an outage is logged and not yet recovered */
    boolean inOutage() {
        return acknowledgedAtStall.get() >= 0;
    }
}
