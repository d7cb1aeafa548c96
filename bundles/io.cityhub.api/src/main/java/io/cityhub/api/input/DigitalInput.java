package io.cityhub.api.input;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One digital input the gateway reads (a loop detector's relay contact, a push button). Registered as a service
 * with the property {@value #INPUT_ID} naming it, so a consumer selects its inputs by id. The state is the
 * debounced <em>active</em> state (the provider has applied the wiring's polarity): true for an occupied loop or a
 * pressed button. A withdrawn service means the input is no longer read.
 */
@ProviderType
public interface DigitalInput {

    /** Service property holding the input's id, e.g. {@code loop.north}. */
    String INPUT_ID = "cityhub.input.id";

    /** @return the input's id, as in the service property; never null */
    String id();

    /** @return the current debounced active state; false while {@link #fault()} is not null */
    boolean active();

    /**
     * @return why the input can no longer be trusted (its line failed or was closed), or null while it is read
     *     normally
     */
    String fault();

    /**
     * Adds a listener told of every debounced change and of a fault, on the provider's event thread. Adding a
     * listener twice has no further effect.
     *
     * @param listener the listener; not null
     */
    void addListener(DigitalInputListener listener);

    /**
     * Removes a listener; unknown listeners are ignored.
     *
     * @param listener the listener to remove
     */
    void removeListener(DigitalInputListener listener);
}
