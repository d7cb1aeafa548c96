package io.cityhub.sensor.gpio.internal;

import io.cityhub.sensor.gpio.simulation.SimulatedPins;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link SimulatedPins} service of a mock platform, and the demo's toggling: with a toggle interval every open
 * simulated input changes level on that interval, so readings flow through the whole path without hardware.
 */
final class MockPinSimulator implements SimulatedPins, AutoCloseable {

    private final GpioPlatform platform;
    private final PinScheduler scheduler;
    private final PinScheduler.Cancellable toggling;
    private final AtomicBoolean level = new AtomicBoolean();

    /**
     * @param platform a simulated platform
     * @param toggle interval of the demo's toggling, or zero for none
     * @param scheduler runs the toggling
     */
    MockPinSimulator(GpioPlatform platform, Duration toggle, PinScheduler scheduler) {
        if (!platform.simulated()) {
            throw new IllegalArgumentException("GPIO lines are real (" + platform.provider() + "), not simulated");
        }
        this.platform = platform;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.toggling = toggle.isZero() ? null : scheduler.every(this::toggleAll, toggle);
    }

    private void toggleAll() {
        boolean high = !level.get();
        level.set(high);
        for (int bcm : platform.openSimulatedInputs()) {
            platform.simulateInput(bcm, high);
        }
    }

    @Override
    public boolean drive(int bcm, boolean high) {
        return platform.simulateInput(bcm, high);
    }

    @Override
    public int outputLevel(int bcm) {
        return platform.simulatedOutputLevel(bcm);
    }

    @Override
    public void close() {
        if (toggling != null) {
            toggling.cancel();
        }
        scheduler.close();
    }
}
