package io.cityhub.sensor.gpio.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.clock.ClockState;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Stamps readings with the gateway's clock state, or with a plain clock marked UNSYNCHRONISED where no
 * clock-state service is there (its contract: a source without one stamps UNSYNCHRONISED).
 */
final class ReadingStamper {

    /** @param at wall-clock time; @param quality how far it can be trusted */
    record Stamp(Instant at, ClockQuality quality) {
    }

    private final ClockState clockState;
    private final Clock fallback;

    /**
     * @param clockState the gateway's clock state, or null when there is none
     * @param fallback the clock used without one, not null
     */
    ReadingStamper(ClockState clockState, Clock fallback) {
        this.clockState = clockState;
        this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /** @return the current time and its quality */
    Stamp stamp() {
        if (clockState == null) {
            return new Stamp(fallback.instant(), ClockQuality.UNSYNCHRONISED);
        }
        // quality first: a clock that becomes synchronised in between stamps the old time as unsynchronised
        ClockQuality quality = clockState.quality();
        return new Stamp(clockState.now(), quality);
    }
}
