package io.cityhub.clock.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.clock.ClockStateListener;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current clock quality and its listeners, without threads: {@link #apply} takes one probe result and the
 * override, and tells the listeners when the quality changed. Thread-safe.
 */
final class ClockStateTracker {

    private static final Logger LOG = LoggerFactory.getLogger(ClockStateTracker.class);

    private final Clock clock;
    private final List<ClockStateListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ClockQuality quality;
    private volatile String source = "override";
    private volatile Instant since;
    private volatile Instant lastProbe;
    private volatile long changes;

    ClockStateTracker(Clock clock, boolean initialOverride) {
        this.clock = clock;
        this.quality = initialOverride ? ClockQuality.SYNCHRONISED : ClockQuality.UNSYNCHRONISED;
        this.since = clock.instant();
    }

    Instant now() {
        return clock.instant();
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
        Instant at = clock.instant();
        lastProbe = at;
        boolean synced = result.answered() ? result.synchronised() : overrideSynchronised;
        source = result.answered() ? result.source() : "override";
        ClockQuality next = synced ? ClockQuality.SYNCHRONISED : ClockQuality.UNSYNCHRONISED;
        if (next == quality) {
            return;
        }
        quality = next;
        since = at;
        changes++;
        LOG.info("gateway clock is now {} (source {})", next, source);
        for (ClockStateListener listener : listeners) {
            try {
                listener.clockQualityChanged(next, at);
            } catch (RuntimeException e) {
                // one faulty listener must not keep the others from hearing of the change
                LOG.error("clock state listener {} failed: {}", listener, e.toString());
            }
        }
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
        return health;
    }
}
