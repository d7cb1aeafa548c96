package io.cityhub.forward.mqtt.internal.delivery;

import io.cityhub.forward.mqtt.internal.delivery.MessagePlanner.OutboundMessage;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data messages published and not yet settled: their slots (at most the configured window), their publish order,
 * the PUBACK latency, and where acknowledgement stands for the {@link PubackWatchdog}. Each message settles exactly
 * once — acknowledged, failed or refused — whichever comes first; later callbacks are ignored, so a late PUBACK after
 * a failure completes nothing.
 */
final class InflightWindow {

    /** Hears how a message of its batch settled. */
    interface Owner {
        /** The broker acknowledged the message. */
        void acknowledged(OutboundMessage message);

        /** The message failed after it was sent (or the connection went with it). */
        void failed();
    }

    private static final Logger LOG = LoggerFactory.getLogger(InflightWindow.class);

    private final Semaphore slots;
    private final Set<Message> outstanding = ConcurrentHashMap.newKeySet();
    private final LatencyWindow pubackLatency = new LatencyWindow();
    private final LongSupplier nanoTime;
    /** publish order of data messages: all are published by the drain thread, so this is also the wire order */
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong highestAcknowledged = new AtomicLong(-1);
    private volatile long lastAcknowledgedNanos;

    /**
     * @param window most messages outstanding at once
     * @param nanoTime monotonic time source, for PUBACK latency and the watchdog's view
     */
    InflightWindow(int window, LongSupplier nanoTime) {
        this.slots = new Semaphore(window);
        this.nanoTime = nanoTime;
        this.lastAcknowledgedNanos = nanoTime.getAsLong();
    }

    /** Waits for a free slot; the caller either {@link #open}s a message in it or {@link #releaseSlot}s it. */
    void acquireSlot() throws InterruptedException {
        slots.acquire();
    }

    void releaseSlot() {
        slots.release();
    }

    /** @return the message, outstanding in the slot acquired before, stamped with its publish order and time */
    Message open(Owner owner, OutboundMessage message) {
        Message m = new Message(owner, message);
        outstanding.add(m);
        return m;
    }

    /** Fails every outstanding message (the connection is gone). */
    void failAll(Throwable cause) {
        for (Message m : outstanding) {
            m.failed(cause);
        }
    }

    int size() {
        return outstanding.size();
    }

    /** @return publish-to-PUBACK latency quantile over the last messages, in ms */
    double pubackMillis(double quantile) {
        return pubackLatency.quantileMillis(quantile);
    }

    /** @return where the unacknowledged data messages stand, for the PUBACK watchdog; null when there are none */
    PubackWatchdog.AckProgress ackProgress() {
        Message oldest = null;
        int messages = 0;
        for (Message m : outstanding) {
            messages++;
            if (oldest == null || m.sequence < oldest.sequence) {
                oldest = m;
            }
        }
        if (oldest == null) {
            return null;
        }
        return new PubackWatchdog.AckProgress(messages, oldest.sequence, oldest.publishedNanos,
                highestAcknowledged.get(), lastAcknowledgedNanos);
    }

    /** One published message awaiting its PUBACK; settles exactly once. */
    final class Message {
        private final Owner owner;
        private final OutboundMessage message;
        private final AtomicBoolean done = new AtomicBoolean();
        private final long sequence = InflightWindow.this.sequence.getAndIncrement();
        private final long publishedNanos = nanoTime.getAsLong();

        private Message(Owner owner, OutboundMessage message) {
            this.owner = owner;
            this.message = message;
        }

        void acknowledged() {
            if (done.compareAndSet(false, true)) {
                long now = nanoTime.getAsLong();
                lastAcknowledgedNanos = now;
                highestAcknowledged.accumulateAndGet(sequence, Math::max);
                pubackLatency.record(now - publishedNanos);
                close();
                owner.acknowledged(message);
            }
        }

        /** @return true if this call settled it: the client refused it before sending, no callback will come */
        boolean refused() {
            if (done.compareAndSet(false, true)) {
                close();
                return true;
            }
            return false;
        }

        void failed(Throwable cause) {
            if (done.compareAndSet(false, true)) {
                close();
                LOG.debug("uplink message to {} failed: {}", message.topic(), String.valueOf(cause));
                owner.failed();
            }
        }

        private void close() {
            outstanding.remove(this);
            slots.release();
        }
    }
}
