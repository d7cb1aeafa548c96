package io.cityhub.sensor.gpio.simulation;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The wires of a simulated GPIO header. Registered as a service only while the GPIO bundle runs Pi4J's mock
 * provider; on a real gateway there is none, so nothing can fake an input there.
 */
@ProviderType
public interface SimulatedPins {

    /**
     * Sets a simulated input line to a level, as a wire would; the configured pin sees the edge.
     *
     * @param bcm the BCM number of the line
     * @param high true for the high level
     * @return false if no pin has that line open as an input
     */
    boolean drive(int bcm, boolean high);

    /**
     * @param bcm the BCM number of the line
     * @return the electrical level of a simulated output line: 1 high, 0 low, -1 if no pin has it open as an output
     */
    int outputLevel(int bcm);
}
