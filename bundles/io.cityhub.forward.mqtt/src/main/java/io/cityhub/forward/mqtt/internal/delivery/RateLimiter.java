package io.cityhub.forward.mqtt.internal.delivery;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A cap on messages/s and bytes/s for a metered cellular link. Reservations move a "next free" instant forward by
 * cost / rate; up to one second of unused allowance may accumulate, so a short burst after idling is allowed
 * while the long-run rate never exceeds the cap. A rate of 0 means unlimited.
 */
public final class RateLimiter {

    private static final long BURST_NANOS = TimeUnit.SECONDS.toNanos(1);

    private double messagesPerSecond;
    private double bytesPerSecond;
    private final LongSupplier nanoTime;
    private long nextFreeMessages;
    private long nextFreeBytes;
    private boolean started;

    public RateLimiter(double messagesPerSecond, double bytesPerSecond, LongSupplier nanoTime) {
        this.messagesPerSecond = messagesPerSecond;
        this.bytesPerSecond = bytesPerSecond;
        this.nanoTime = nanoTime;
    }

    /**
     * Changes the caps of a running limiter (configuration applied live); reservations already made stand.
     *
     * @param newMessagesPerSecond 0 = unlimited
     * @param newBytesPerSecond 0 = unlimited
     */
    public synchronized void setRates(double newMessagesPerSecond, double newBytesPerSecond) {
        this.messagesPerSecond = newMessagesPerSecond;
        this.bytesPerSecond = newBytesPerSecond;
    }

    /**
     * Reserves one message of {@code bytes}.
     *
     * @return nanoseconds the caller must wait before sending it (0 when it may go now)
     */
    synchronized long reserve(int bytes) {
        long now = nanoTime.getAsLong();
        if (!started) {
            nextFreeMessages = now - BURST_NANOS;
            nextFreeBytes = now - BURST_NANOS;
            started = true;
        }
        long waitMessages = 0;
        long waitBytes = 0;
        if (messagesPerSecond > 0) {
            nextFreeMessages = Math.max(nextFreeMessages, now - BURST_NANOS) + (long) (1e9 / messagesPerSecond);
            waitMessages = Math.max(0, nextFreeMessages - now);
        }
        if (bytesPerSecond > 0) {
            nextFreeBytes = Math.max(nextFreeBytes, now - BURST_NANOS) + (long) (bytes * 1e9 / bytesPerSecond);
            waitBytes = Math.max(0, nextFreeBytes - now);
        }
        return Math.max(waitMessages, waitBytes);
    }

    /** Reserves and waits. @throws InterruptedException if interrupted while waiting */
    void acquire(int bytes) throws InterruptedException {
        long wait = reserve(bytes);
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    synchronized boolean unlimited() {
        return messagesPerSecond <= 0 && bytesPerSecond <= 0;
    }
}
