package io.cityhub.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A UTC clock that a test moves by hand. Safe to share with the threads of the component under test: they see every
 * move at once, and two moves never lose one another.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;

    /** @param start the instant the clock shows until it is moved, not null */
    public MutableClock(Instant start) {
        this.now = new AtomicReference<>(start);
    }

    /** @param by how far to move the clock; a negative duration moves it back (a clock step on a gateway) */
    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    /** @param millis how many milliseconds to move the clock; negative moves it back */
    public void advanceMillis(long millis) {
        now.updateAndGet(t -> t.plusMillis(millis));
    }

    /** @param instant the instant the clock shows from now on, not null */
    public void set(Instant instant) {
        now.set(instant);
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
