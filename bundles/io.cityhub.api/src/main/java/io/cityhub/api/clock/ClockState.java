package io.cityhub.api.clock;

import io.cityhub.api.ClockQuality;
import java.time.Instant;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's wall clock and how far it can be trusted. Sources stamp readings with {@link #now()} and
 * {@link #quality()}; a gateway without a real-time clock boots {@link ClockQuality#UNSYNCHRONISED} until NTP or
 * GNSS sets its time. Registered as a service; a source without one stamps its readings
 * {@link ClockQuality#UNSYNCHRONISED}.
 */
@ProviderType
public interface ClockState {

    /** @return the current wall-clock time; never null */
    Instant now();

    /** @return the quality of {@link #now()} at this moment: SYNCHRONISED or UNSYNCHRONISED; never null */
    ClockQuality quality();

    /**
     * Registers a listener told of every change of {@link #quality()}. The listener is called on a thread of the
     * clock-state service and must not block.
     *
     * @param listener called with the new quality; never null
     * @return a handle whose {@code close()} removes the listener; never null
     */
    AutoCloseable onChange(ClockStateListener listener);
}
