package io.cityhub.sensor.gpio.internal;

import java.time.Duration;

/**
 * Time and timers of one pin: a monotonic clock for debouncing and a single thread for timers, so a pin's state
 * is only ever changed by one timer at a time. Unit tests drive a manual implementation.
 */
interface PinScheduler extends AutoCloseable {

    /** A scheduled task that can be called off. */
    interface Cancellable {
        /** Calls the task off; a task already running finishes. */
        void cancel();
    }

    /** @return monotonic nanoseconds, only meaningful as differences */
    long nanoTime();

    /**
     * @param task runs once after {@code delay}
     * @param delay not negative
     * @return the handle to call it off
     */
    Cancellable schedule(Runnable task, Duration delay);

    /**
     * @param task runs every {@code period}, first after one period
     * @param period positive
     * @return the handle to call it off
     */
    Cancellable every(Runnable task, Duration period);

    /** Stops every timer; waits briefly for a running one. */
    @Override
    void close();
}
