package io.cityhub.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that a test moves by hand, with a monotonic clock beside it ({@link #monotonicNanos()}, what
 * {@link System#nanoTime()} is to the system clock). Time that passes ({@link #advance} forward) moves both; a clock
 * step ({@link #step}, {@link #set}, or {@link #advance} backward) moves the wall clock only, as NTP or a technician
 * setting the time does on a gateway. Safe to share with the threads of the component under test: they see every
 * move at once, and two moves never lose one another.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final AtomicLong monotonic = new AtomicLong();

    /** @param start the instant the clock shows until it is moved, not null */
    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /**
     * @param by how long passes; a negative duration moves the wall clock back (a clock step on a gateway) and leaves
     *     the monotonic clock where it is
     */
    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
        if (!by.isNegative()) {
            monotonic.addAndGet(by.toNanos());
        }
    }

    /** @param millis how many milliseconds pass; negative moves the wall clock back only, as {@link #advance} */
    public void advanceMillis(long millis) {
        advance(Duration.ofMillis(millis));
    }

    /**
     * Steps the wall clock without time passing: the monotonic clock stays where it is.
     *
     * @param by how far the wall clock jumps; negative jumps back
     */
    public void step(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    /** @param instant the instant the clock shows from now on (a step: the monotonic clock stays), not null */
    public void set(Instant instant) {
        now.set(instant);
    }

    /** @return nanoseconds of time passed since this clock was made, as {@link System#nanoTime()} counts them */
    public long monotonicNanos() {
        return monotonic.get();
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public long millis() {
        return now.get().toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** The clock stays in UTC: readings are stamped in UTC whatever zone a caller asks for. */
    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
