package io.cityhub.clock.internal;

/** Asks the operating system whether the wall clock is synchronised. May block for a bounded time. */
@FunctionalInterface
interface ClockProbe {

    /**
     * @return what the system reports, or {@link ProbeResult#NONE} if no tool answered
     * @throws InterruptedException if interrupted while waiting for a tool
     */
    ProbeResult probe() throws InterruptedException;
}
