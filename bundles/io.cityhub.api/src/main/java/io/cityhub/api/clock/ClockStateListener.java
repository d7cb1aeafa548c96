package io.cityhub.api.clock;

import io.cityhub.api.ClockQuality;
import org.osgi.annotation.versioning.ConsumerType;

/** Told when the gateway's clock becomes synchronised or loses synchronisation. */
@ConsumerType
@FunctionalInterface
public interface ClockStateListener {

    /**
     * @param quality the new quality; never null
     * @param at the wall-clock time of the change, as read after it; never null
     */
    void clockQualityChanged(ClockQuality quality, java.time.Instant at);
}
