package io.cityhub.sensor.gpio.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.clock.ClockState;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Stamps readings with the gateway's clock state, or with a plain clock marked UNSYNCHRONISED where no
 * clock-state service is there (its contract: a source without one stamps UNSYNCHRONISED). The clock state can come
 * and go while pins run (a dynamic reference), so a relay never passes through its safe state because the clock
 * service restarted.
 */
final class ReadingStamper {

    /**
     * @param at wall-clock time
     * @param quality how far it can be trusted
     * @param receiptId unique on this gateway for each stamp, across restarts and clock steps: readings stamped with
     *     it take their ids from it as well ({@link io.cityhub.api.ReadingIds#ofReceipt}), since the clock can show
     *     a time twice
     */
    record Stamp(Instant at, ClockQuality quality, String receiptId) {
    }

    private final AtomicReference<ClockState> clockState;
    private final Clock fallback;
    /** Random per stamper: with {@link #stamps}, no restart and no clock step repeats a receipt id. */
    private final String token = HexFormat.of().toHexDigits(new SecureRandom().nextLong());
    private final AtomicLong stamps = new AtomicLong();

    /**
     * @param clockState the gateway's clock state, or null when there is none
     * @param fallback the clock used without one, not null
     */
    ReadingStamper(ClockState clockState, Clock fallback) {
        this.clockState = new AtomicReference<>(clockState);
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /** @return the current time and its quality */
    Stamp stamp() {
        ClockState current = clockState.get();
        if (current == null) {
            return new Stamp(fallback.instant(), ClockQuality.UNSYNCHRONISED, receipt());
        }
        // quality first: a clock that becomes synchronised in between stamps the old time as unsynchronised
        ClockQuality quality = current.quality();
        return new Stamp(current.now(), quality, receipt());
    }

    private String receipt() {
        return token + ":" + stamps.incrementAndGet();
    }

    /** @param service the clock state to stamp with from now on */
    void use(ClockState service) {
        clockState.set(Objects.requireNonNull(service, "service"));
    }

    /** Stops using {@code service}, if it is the one in use; stamps fall back to UNSYNCHRONISED. */
    void release(ClockState service) {
        clockState.compareAndSet(service, null);
    }
}
