package io.cityhub.sensor.gpio.internal;

/** A pin doing its role (input, counter, output) until closed. */
interface RunningPin extends AutoCloseable {

    /** Stops the role; never throws, so a stopping pin always frees its lines afterwards. */
    @Override
    void close();
}
