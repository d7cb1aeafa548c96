package io.cityhub.sensor.coap.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.ingest.ObservationSink;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices devices that stop reporting: a watched device (one with a reporting interval) silent for longer than
 * {@code silent.after.intervals} times its interval raises one DIAGNOSTIC reading on channel {@value #SILENT}, and
 * one on {@value #BACK} when it reports again. A device counts as heard when it is added, so one that never reports
 * is noticed too. Thread-safe; {@link #check()} runs on the server's timer.
 */
final class SilenceWatch {

    /** Channel of the event raised once when a device went silent; value: how long, and the interval expected. */
    static final String SILENT = "sensor-silent";
    /** Channel of the event raised when a silent device reports again; value: how long it was silent. */
    static final String BACK = "sensor-back";

    private static final Logger LOG = LoggerFactory.getLogger(SilenceWatch.class);
    private static final SourceMetadata SOURCE = SourceMetadata.of("coap");

    private final ObservationSink sink;
    private final Supplier<Stamp> clock;
    private final IntSupplier intervalsBeforeSilent;
    private final Map<String, Watched> watched = new ConcurrentHashMap<>();

    /**
     * A time and the quality of the clock that read it.
     *
     * @param at the gateway's wall-clock time
     * @param quality the quality of that clock
     * @param receiptId unique on this gateway for each stamp, across restarts and clock steps
     *     ({@link io.cityhub.api.SourceMetadata#RECEIPT_ID}); null where none is needed
     */
    record Stamp(Instant at, ClockQuality quality, String receiptId) {
    }

    /** One watched device: when it was last heard and whether its silence was reported. */
    private static final class Watched {
        final Duration interval;
        Instant lastHeard;
        boolean silent;

        Watched(Duration interval, Instant lastHeard) {
            this.interval = interval;
            this.lastHeard = lastHeard;
        }
    }

    /**
     * @param sink takes the events
     * @param clock reads the gateway clock and its quality
     * @param intervalsBeforeSilent the current {@code silent.after.intervals}
     */
    SilenceWatch(ObservationSink sink, Supplier<Stamp> clock, IntSupplier intervalsBeforeSilent) {
        this.sink = sink;
        this.clock = clock;
        this.intervalsBeforeSilent = intervalsBeforeSilent;
    }

    /** @param device a configured device; watched only if it has a reporting interval */
    void add(CoapDeviceOptions device) {
        if (!device.reportingInterval().isZero()) {
            watched.put(device.sensorId(), new Watched(device.reportingInterval(), clock.get().at()));
        }
    }

    void remove(CoapDeviceOptions device) {
        watched.remove(device.sensorId());
    }

    /** A request from this sensor arrived: it is not silent; if it was, {@value #BACK} is raised. */
    void heard(String sensorId) {
        Watched device = watched.get(sensorId);
        if (device == null) {
            return;
        }
        Stamp now = clock.get();
        Duration silentFor;
        synchronized (device) {
            silentFor = device.silent ? Duration.between(device.lastHeard, now.at()) : null;
            device.lastHeard = now.at();
            device.silent = false;
        }
        if (silentFor != null) {
            report(sensorId, BACK, "reported again after " + silentFor.toSeconds() + " s of silence", now);
        }
    }

    /** Raises {@value #SILENT} once for each watched device whose silence passed its limit. */
    void check() {
        Stamp now = clock.get();
        long factor = intervalsBeforeSilent.getAsInt();
        watched.forEach((sensorId, device) -> {
            Duration silentFor;
            synchronized (device) {
                silentFor = Duration.between(device.lastHeard, now.at());
                if (device.silent || silentFor.compareTo(device.interval.multipliedBy(factor)) <= 0) {
                    return;
                }
                device.silent = true;
            }
            report(sensorId, SILENT, "no report for " + silentFor.toSeconds() + " s; expected every "
                    + device.interval.toSeconds() + " s", now);
        });
    }

    /** @return the sensor ids of the devices now silent, sorted */
    List<String> silentSensors() {
        TreeSet<String> silent = new TreeSet<>();
        watched.forEach((sensorId, device) -> {
            synchronized (device) {
                if (device.silent) {
                    silent.add(sensorId);
                }
            }
        });
        return List.copyOf(silent);
    }

    private void report(String sensorId, String channel, String text, Stamp now) {
        LOG.warn("CoAP sensor {}: {} ({})", sensorId, channel, text);
        Reading event = Reading.of(sensorId, channel, ReadingValue.of(text), "", now.at(), now.quality(), SOURCE)
                .withPriority(Priority.DIAGNOSTIC);
        try {
            sink.submit(List.of(event)).whenComplete((receipt, failure) -> {
                if (failure != null) {
                    LOG.error("CoAP sensor {}: {} event not stored: {}", sensorId, channel, failure.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.error("CoAP sensor {}: {} event not stored: {}", sensorId, channel, e.toString());
        }
    }
}
