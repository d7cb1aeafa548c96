package io.cityhub.clock.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.clock.ClockStateListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current clock quality and its listeners, without threads of its own: {@link #apply} takes one probe result and
 * the override, and tells the listeners when the quality changed. Thread-safe.
 *
 * <p>It also notices steps of the wall clock (NTP stepping a clock that booted without a real-time clock, a
 * technician setting the time): at every {@link #now()} and every probe it compares how far the wall clock moved with
 * how far the monotonic clock moved since the last look. A difference beyond {@link #STEP_TOLERANCE} plus
 * {@value #SLEW_PER_MILLE} per mille of the time passed (what slewing may add up to) is a step: logged at WARN,
 * counted in health, and the quality is {@link ClockQuality#UNSYNCHRONISED} from that moment until a probe, asked for
 * at once, says again what the system reports. A reading stamped just after a step is thus never claimed
 * synchronised on the strength of a probe made before it.
 */
final class ClockStateTracker {

    /** A wall-clock jump smaller than this (plus slewing) is not a step. */
    static final Duration STEP_TOLERANCE = Duration.ofSeconds(1);
    /** ntpd slews at most 0.5 ms/s; chrony may slew faster, but what exceeds a per mille is worth saying. */
    static final int SLEW_PER_MILLE = 1;

    /** Longest time between the two monotonic readings around a wall-clock reading that is still compared. */
    private static final long MAX_READ_NANOS = 50_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(ClockStateTracker.class);

    /** Wall-clock minus monotonic nanoseconds at the last look, and the monotonic time of that look. */
    private record Look(long offsetNanos, long monotonicNanos) {
    }

    private final Clock clock;
    private final LongSupplier monotonic;
    private final Executor probeThread;
    private final Runnable reprobe;
    private final List<ClockStateListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<Look> lastLook = new AtomicReference<>();
    private volatile ClockQuality quality;
    private volatile String source = "override";
    private volatile Instant since;
    private volatile Instant lastProbe;
    private volatile long changes;
    private volatile long steps;
    private volatile Duration lastStep;
    private volatile Instant lastStepAt;

    /**
     * @param clock the wall clock readings are stamped with
     * @param monotonic a clock that never steps ({@link System#nanoTime()})
     * @param initialOverride the quality until the first probe
     * @param probeThread runs listener calls and the probe asked for after a step; never the caller's thread
     * @param reprobe probes once; run on {@code probeThread} after a step
     */
    ClockStateTracker(Clock clock, LongSupplier monotonic, boolean initialOverride, Executor probeThread,
            Runnable reprobe) {
        this.clock = clock;
        this.monotonic = monotonic;
        this.probeThread = probeThread;
        this.reprobe = reprobe;
        this.quality = initialOverride ? ClockQuality.SYNCHRONISED : ClockQuality.UNSYNCHRONISED;
        this.since = clock.instant();
        long mono = monotonic.getAsLong();
        this.lastLook.set(new Look(epochNanos(since) - mono, mono));
    }

    /** @return the wall clock now; a step since the last look is noticed before the time is handed out */
    Instant now() {
        return readAndCheck().wall();
    }

    ClockQuality quality() {
        return quality;
    }

    AutoCloseable onChange(ClockStateListener listener) {
        if (listener == null) {
            throw new NullPointerException("listener");
        }
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * @param result what the probe found; its answer wins over the override
     * @param overrideSynchronised the state used when no tool answered
     */
    synchronized void apply(ProbeResult result, boolean overrideSynchronised) {
        WallRead read = readAndCheck();
        Instant at = read.wall();
        lastProbe = at;
        if (read.stepped()) {
            return; // the tool answered before the step: the probe asked for by the step answers instead
        }
        boolean synced = result.answered() ? result.synchronised() : overrideSynchronised;
        source = result.answered() ? result.source() : "override";
        ClockQuality next = synced ? ClockQuality.SYNCHRONISED : ClockQuality.UNSYNCHRONISED;
        if (next == quality) {
            return;
        }
        change(next, at);
        tell(next, at);
    }

    /** The wall clock as read, and whether it stepped since the last look. */
    private record WallRead(Instant wall, boolean stepped) {
    }

    /**
     * Reads the wall clock between two readings of the monotonic clock: when they lie more than
     * {@link #MAX_READ_NANOS} apart (the thread was descheduled, a GC pause) the pair cannot be trusted and is not
     * compared, or a pause would look like a step.
     */
    private WallRead readAndCheck() {
        long before = monotonic.getAsLong();
        Instant wall = clock.instant();
        long after = monotonic.getAsLong();
        if (after - before > MAX_READ_NANOS) {
            return new WallRead(wall, false);
        }
        return new WallRead(wall, checkStep(wall, after));
    }

    /** @return whether the wall clock stepped since the last look */
    private boolean checkStep(Instant wall, long mono) {
        Look now = new Look(epochNanos(wall) - mono, mono);
        Look before = lastLook.getAndSet(now);
        long jump = now.offsetNanos() - before.offsetNanos();
        long passed = Math.max(0, now.monotonicNanos() - before.monotonicNanos());
        if (Math.abs(jump) > STEP_TOLERANCE.toNanos() + passed / 1000 * SLEW_PER_MILLE) {
            stepped(Duration.ofNanos(jump), wall);
            return true;
        }
        return false;
    }

    private synchronized void stepped(Duration jump, Instant at) {
        steps++;
        lastStep = jump;
        lastStepAt = at;
        LOG.warn("gateway wall clock stepped {} by {} (now {}); readings keep the time they were stamped with,"
                + " those stamped from now until the next probe are {}", jump.isNegative() ? "back" : "forward",
                jump.abs(), at, ClockQuality.UNSYNCHRONISED);
        try {
            if (quality != ClockQuality.UNSYNCHRONISED) {
                source = "step";
                change(ClockQuality.UNSYNCHRONISED, at);
                probeThread.execute(() -> tell(ClockQuality.UNSYNCHRONISED, at));
            }
            probeThread.execute(reprobe);
        } catch (RejectedExecutionException e) {
            LOG.debug("clock state stopped; no probe after the step");
        }
    }

    private void change(ClockQuality next, Instant at) {
        quality = next;
        since = at;
        changes++;
        LOG.info("gateway clock is now {} (source {})", next, source);
    }

    private void tell(ClockQuality next, Instant at) {
        for (ClockStateListener listener : listeners) {
            try {
                listener.clockQualityChanged(next, at);
            } catch (RuntimeException e) {
                // one faulty listener must not keep the others from hearing of the change
                LOG.error("clock state listener {} failed: {}", listener, e.toString());
            }
        }
    }

    private static long epochNanos(Instant wall) {
        return wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
    }

    Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("quality", quality.name());
        health.put("source", source);
        health.put("since", since.toString());
        Instant probed = lastProbe;
        health.put("lastProbe", probed == null ? "never" : probed.toString());
        health.put("changes", changes);
        health.put("listeners", listeners.size());
        health.put("steps", steps);
        Duration step = lastStep;
        health.put("lastStep", step == null ? "none" : step.toString());
        Instant stepAt = lastStepAt;
        health.put("lastStepAt", stepAt == null ? "never" : stepAt.toString());
        return health;
    }
}
