package io.cityhub.api.input;

import java.time.Instant;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears one {@link DigitalInput}'s changes. Called on the provider's event thread: return quickly and never block
 * (hand work to your own thread).
 */
@ConsumerType
public interface DigitalInputListener {

    /**
     * The debounced active state changed.
     *
     * @param input the input
     * @param active the new active state
     * @param at when the change began (the first edge of a debounced burst); not null
     */
    void changed(DigitalInput input, boolean active, Instant at);

    /**
     * The input can no longer be trusted; its state stays inactive until the provider restarts it (the service
     * is then registered again). The default does nothing.
     *
     * @param input the input
     * @param reason what failed; not null
     */
    default void failed(DigitalInput input, String reason) {
    }
}
