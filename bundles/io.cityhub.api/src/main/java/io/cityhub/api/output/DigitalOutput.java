package io.cityhub.api.output;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One digital output the gateway drives. Registered as a service with the property {@value #OUTPUT_ID} naming it,
 * so a consumer (the traffic controller, a technician command) selects its outputs by id without seeing the
 * hardware library behind them.
 */
@ProviderType
public interface DigitalOutput {

    /** Service property holding the output's id, e.g. {@code signal.north.red}. */
    String OUTPUT_ID = "cityhub.output.id";

    /** @return the output's id, as in the service property; never null */
    String id();

    /**
     * Drives the output.
     *
     * @param on true for the active level (relay closed, lamp lit), false for inactive
     * @throws OutputException when the hardware refused or the output is closed
     */
    void set(boolean on) throws OutputException;

    /**
     * @return the level last commanded, or the level read back from a feedback input where one is wired
     *     ({@link #hasFeedback()})
     */
    boolean sensed();

    /** @return true when {@link #sensed()} reads a feedback input rather than echoing the command */
    boolean hasFeedback();

    /** @return the level the output takes when its driver stops, fails or is deconfigured */
    boolean safeState();
}
