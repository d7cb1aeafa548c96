package io.cityhub.traffic.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.traffic.MovementTiming;
import io.cityhub.api.traffic.SignalTiming;
import io.cityhub.api.traffic.SignalTimingListener;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes an intersection's SPaT when it changes, not every tick: to every {@link SignalTimingListener} service
 * and to ingest as one telemetry reading (sensor {@code traffic/<intersection>}, channel {@value #CHANNEL}, normal
 * priority) in the compact text form of {@link #compact(SignalTiming)}.
 *
 * <p>News is: a group's event state, maximal end time or confidence changed; its likely time moved by
 * {@value #LIKELY_TOLERANCE} tenths or more (or became known or unknown); or its minimal end time fell below the
 * published one. A minimal end time that rose is not news: once the safety timers have run out it moves with the
 * clock every tick, and the published, smaller value is still a true lower bound, so the guarantee
 * {@code minEndTime ≤ actual change ≤ maxEndTime} holds on what was published. Not thread-safe: one runner's tick
 * thread calls it.
 */
final class SpatPublisher {

    /** Telemetry channel of the SPaT readings. */
    static final String CHANNEL = "spat";

    private static final Logger LOG = LoggerFactory.getLogger(SpatPublisher.class);
    private static final SourceMetadata SOURCE = SourceMetadata.of("traffic");
    private static final int HOUR_TENTHS = 36_000;
    /** A likely time that moved less than this (tenths) since the last publication is not news. */
    static final int LIKELY_TOLERANCE = 10;

    private final List<SignalTimingListener> listeners;
    private final ObservationSink sink;
    private final ClockQuality clockQuality;
    private final java.util.concurrent.atomic.AtomicBoolean refusing = new java.util.concurrent.atomic.AtomicBoolean();
    private SignalTiming last;

    /**
     * @param listeners the listener services, read at each publication (the caller's live list)
     * @param sink ingest
     * @param clockQuality quality stamped on the readings
     */
    SpatPublisher(List<SignalTimingListener> listeners, ObservationSink sink, ClockQuality clockQuality) {
        this.listeners = Objects.requireNonNull(listeners, "listeners");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clockQuality = Objects.requireNonNull(clockQuality, "clockQuality");
    }

    /** An empty, thread-safe list for {@link #SpatPublisher}'s listeners. */
    static List<SignalTimingListener> listenerList() {
        return new CopyOnWriteArrayList<>();
    }

    /**
     * Publishes the timing if it changed since the last publication.
     *
     * @param timing this tick's timing
     * @return true when it was published
     */
    boolean offer(SignalTiming timing) {
        if (!news(last, timing)) {
            return false;
        }
        last = timing;
        for (SignalTimingListener l : listeners) {
            try {
                l.signalTiming(timing);
            } catch (RuntimeException e) { // a consumer's bug must not stop the tick thread or the other consumers
                LOG.error("traffic {}: a SignalTimingListener failed: {}", timing.intersection(), e.toString());
            }
        }
        submit(timing);
        return true;
    }

    /** Forgets the last publication, so the next offer publishes (after a restart or reset). */
    void forget() {
        last = null;
    }

    /** @return the timing last published, or null */
    SignalTiming last() {
        return last;
    }

    /** Whether {@code next} says something {@code published} does not (see the class comment). */
    static boolean news(SignalTiming published, SignalTiming next) {
        if (published == null || published.movements().size() != next.movements().size()) {
            return true;
        }
        for (int i = 0; i < next.movements().size(); i++) {
            MovementTiming was = published.movements().get(i);
            MovementTiming now = next.movements().get(i);
            if (was.eventState() != now.eventState() || was.maxEndTime() != now.maxEndTime()
                    || was.confidence() != now.confidence()
                    || moved(was.likelyTime(), now.likelyTime(), LIKELY_TOLERANCE)
                    || earlier(was.minEndTime(), now.minEndTime())) {
                return true;
            }
        }
        return false;
    }

    private static boolean moved(int was, int now, int tolerance) {
        if (was == MovementTiming.UNKNOWN || now == MovementTiming.UNKNOWN) {
            return was != now;
        }
        return Math.abs(signedDifference(was, now)) >= tolerance;
    }

    /** A lower bound that fell (or became unknown/known): the published one is no longer guaranteed. */
    private static boolean earlier(int was, int now) {
        if (was == MovementTiming.UNKNOWN || now == MovementTiming.UNKNOWN) {
            return was != now;
        }
        return signedDifference(was, now) < 0;
    }

    /** now − was in tenths, for TimeMarks less than half an hour apart (a mark wraps at the hour, §4.2). */
    private static int signedDifference(int was, int now) {
        return Math.floorMod(now - was + HOUR_TENTHS / 2, HOUR_TENTHS) - HOUR_TENTHS / 2;
    }

    /**
     * The compact telemetry form: one entry per group in definition order, separated by {@code ;}, each
     * {@code group=eventState,minEndTime,maxEndTime,likelyTime,confidence} with TimeMarks in tenths of a second of
     * the hour of the reading's timestamp (36001 = unknown). Example:
     * {@code main=6,12040,36001,12310,8;side=3,12350,36001,12360,8}.
     *
     * @param timing the timing
     * @return its compact form
     */
    static String compact(SignalTiming timing) {
        StringBuilder b = new StringBuilder(timing.movements().size() * 32);
        for (MovementTiming m : timing.movements()) {
            if (b.length() > 0) {
                b.append(';');
            }
            b.append(m.signalGroup()).append('=').append(m.eventState()).append(',').append(m.minEndTime())
                    .append(',').append(m.maxEndTime()).append(',').append(m.likelyTime()).append(',')
                    .append(m.confidence());
        }
        return b.toString();
    }

    private void submit(SignalTiming timing) {
        String value = compact(timing);
        Reading reading = Reading.of("traffic/" + timing.intersection(), CHANNEL, ReadingValue.of(value), "",
                timing.at(), clockQuality, SOURCE);
        try {
            sink.submit(List.of(reading)).whenComplete((receipt, failure) -> stored(timing, failure));
        } catch (RuntimeException e) {
            stored(timing, e);
        }
    }

    /** An outbox outage is a state: logged when SPaT readings start and stop being refused, not for each one. */
    private void stored(SignalTiming timing, Throwable failure) {
        if (failure != null && !refusing.getAndSet(true)) {
            LOG.warn("traffic {}: SPaT readings are not stored ({})", timing.intersection(), failure.toString());
        } else if (failure == null && refusing.getAndSet(false)) {
            LOG.info("traffic {}: SPaT readings are stored again", timing.intersection());
        }
    }

    /** @return an instant for tenths of a second since the epoch */
    static Instant instantOf(long tenths) {
        return Instant.ofEpochMilli(tenths * 100);
    }
}
