package io.cityhub.sensor.gpio.internal;

import io.cityhub.sensor.gpio.internal.ReadingStamper.Stamp;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns raw edges into settled changes: a new level counts once it has held for the debounce time with no further
 * edge. The settled change is stamped with the first edge of its burst, the moment the contact first moved, not the
 * moment it stopped bouncing. With no debounce every edge that changes the level counts at once.
 */
final class Debouncer {

    /** Told of each settled change; called on the thread that settled it, with the debouncer locked. */
    interface Listener {
        /**
         * @param level the new settled level (true = active)
         * @param firstEdge stamp of the first edge of the burst
         */
        void settled(boolean level, Stamp firstEdge);
    }

    private final Duration debounce;
    private final PinScheduler scheduler;
    private final Listener listener;
    private boolean stable;
    private boolean raw;
    private Stamp burstStart;
    private PinScheduler.Cancellable pending;

    /**
     * @param initial the level at start
     * @param debounce how long a level must hold, zero for none
     * @param scheduler runs the settle checks
     * @param listener told of settled changes
     */
    Debouncer(boolean initial, Duration debounce, PinScheduler scheduler, Listener listener) {
        this.stable = initial;
        this.raw = initial;
        this.debounce = Objects.requireNonNull(debounce, "debounce");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * @param level the raw level after the edge (true = active)
     * @param stamp when the edge arrived
     */
    synchronized void edge(boolean level, Stamp stamp) {
        raw = level;
        if (debounce.isZero()) {
            if (level != stable) {
                stable = level;
                listener.settled(level, stamp);
            }
            return;
        }
        if (burstStart == null) {
            burstStart = stamp;
        }
        if (pending != null) {
            pending.cancel();
        }
        pending = scheduler.schedule(this::settle, debounce);
    }

    private synchronized void settle() {
        pending = null;
        Stamp first = burstStart;
        burstStart = null;
        if (raw != stable) {
            stable = raw;
            listener.settled(stable, first);
        }
    }

    /** @return the settled level (true = active) */
    synchronized boolean level() {
        return stable;
    }

    /** Calls off a pending settle check. */
    synchronized void cancel() {
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }
}
