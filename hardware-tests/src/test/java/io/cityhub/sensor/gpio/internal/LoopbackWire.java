package io.cityhub.sensor.gpio.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;

/**
 * The hardware tests' wiring: an output line wired to an input line on the gateway's header. The lines are chosen
 * with the system properties {@code cityhub.hw.out} and {@code cityhub.hw.in} (BCM numbers, default 20 and 21:
 * header pins 38 and 40).
 */
final class LoopbackWire {

    /** BCM number of the line the tests drive. */
    static final int OUT = Integer.getInteger("cityhub.hw.out", 20);
    /** BCM number of the line wired to it. */
    static final int IN = Integer.getInteger("cityhub.hw.in", 21);

    private LoopbackWire() {
    }

    /** Skips the calling test unless the GPIO character device is there. */
    static void assumeGpioChip() {
        assumeTrue(Files.exists(GpioPlatform.GPIOCHIP), "no " + GpioPlatform.GPIOCHIP
                + ": not a Raspberry Pi with a GPIO header; hardware tests skipped");
    }
}
