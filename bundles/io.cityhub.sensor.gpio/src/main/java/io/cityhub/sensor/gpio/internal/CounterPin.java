package io.cityhub.sensor.gpio.internal;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.sensor.gpio.internal.CounterState.Window;
import io.cityhub.sensor.gpio.internal.ReadingStamper.Stamp;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pulse counter (tipping-bucket rain gauge, water meter, traffic counter): counts debounced transitions to the
 * active level and, per window, reports the scaled count, the rate per hour and the running total.
 *
 * <p>The running total is saved crash-safely ({@link CounterStore}) when a window closes and when the pin stops, so
 * a reboot never resets the meter; pulses after the last save are lost with a crash, at most one window's worth. A
 * window is saved before it is submitted and forgotten only once ingest reports it durable; a window not confirmed
 * (outbox full, crash in between) is sent again, after a restart too, with the same reading ids, derived from pin,
 * sensor and the running totals that bound the window, so the platform drops it as a duplicate if the first copy
 * did arrive.
 */
final class CounterPin implements RunningPin {

    /** Unconfirmed windows kept: a day of one-minute windows. Older ones are dropped (the total still has them). */
    static final int MAX_UNACKNOWLEDGED = 1440;

    private static final Logger LOG = LoggerFactory.getLogger(CounterPin.class);

    private final GpioPinOptions options;
    private final DigitalInput input;
    private final SinkSubmitter submitter;
    private final ReadingStamper stamper;
    private final CounterStore store;
    private final Debouncer debouncer;
    private final DigitalStateChangeListener listener;
    private final PinScheduler.Cancellable windowTimer;
    private final List<Window> unacknowledged;
    private final Set<Window> inFlight = new HashSet<>();
    private long total;
    private long openTotal;
    private long openedNanos;
    private final PinScheduler scheduler;
    private boolean saveFailing;
    private boolean closed;

    /**
     * Loads the saved total, re-sends unconfirmed windows and starts counting.
     *
     * @throws IOException if the saved state cannot be read (the meter is not silently reset)
     */
    CounterPin(GpioPinOptions options, DigitalInput input, SinkSubmitter submitter, PinScheduler scheduler,
            ReadingStamper stamper, CounterStore store) throws IOException {
        this.options = Objects.requireNonNull(options, "options");
        this.input = Objects.requireNonNull(input, "input");
        this.submitter = Objects.requireNonNull(submitter, "submitter");
        this.stamper = Objects.requireNonNull(stamper, "stamper");
        this.store = Objects.requireNonNull(store, "store");
        CounterState saved = store.load().orElse(new CounterState(0, List.of()));
        this.total = saved.total();
        this.openTotal = total;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.openedNanos = scheduler.nanoTime();
        this.unacknowledged = new ArrayList<>(saved.unacknowledged());
        LOG.info("GPIO counter {} on BCM {} resumes at total {} with {} unconfirmed windows", options.sensorId(),
                options.bcm(), total, unacknowledged.size());
        this.debouncer = new Debouncer(active(input.state()), options.debounce(), scheduler, (level, first) -> {
            if (level) {
                pulse();
            }
        });
        this.listener = event -> debouncer.edge(active(event.state()), stamper.stamp());
        input.addListener(listener);
        sendUnacknowledged();
        this.windowTimer = scheduler.every(this::closeWindow, options.window());
    }

    private boolean active(DigitalState state) {
        return (state == DigitalState.HIGH) == options.activeHigh();
    }

    private synchronized void pulse() {
        total++;
    }

    /** @return the running total in pulses */
    synchronized long total() {
        return total;
    }

    /** Closes the open window: saves it with the total, then submits it. */
    void closeWindow() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closeOpenWindow();
            while (unacknowledged.size() > MAX_UNACKNOWLEDGED) {
                Window dropped = unacknowledged.remove(0);
                inFlight.remove(dropped);
                LOG.warn("GPIO counter {}: window {}..{} never confirmed by ingest, dropped (the total keeps it)",
                        options.sensorId(), dropped.startTotal(), dropped.endTotal());
            }
            save();
        }
        sendUnacknowledged();
    }

    private void closeOpenWindow() {
        Stamp now = stamper.stamp();
        long nanos = scheduler.nanoTime();
        long lengthMillis = Math.max(1, Math.round((nanos - openedNanos) / 1e6));
        unacknowledged.add(new Window(openTotal, total, now.at().toEpochMilli(), lengthMillis, now.quality()));
        openTotal = total;
        openedNanos = nanos;
    }

    private void sendUnacknowledged() {
        List<Window> toSend;
        synchronized (this) {
            toSend = unacknowledged.stream().filter(inFlight::add).toList();
        }
        for (Window window : toSend) {
            submitter.submit(readings(window)).thenAccept(durable -> confirmed(window, durable));
        }
    }

    private synchronized void confirmed(Window window, boolean durable) {
        inFlight.remove(window);
        if (durable && unacknowledged.remove(window) && !closed) {
            save();
        }
    }

    /** The readings of one window; equal (ids included) every time they are built from the same window. */
    List<Reading> readings(Window window) {
        long pulses = window.endTotal() - window.startTotal();
        double count = pulses * options.scale();
        double perHour = count * 3_600_000.0 / window.lengthMillis();
        Instant at = Instant.ofEpochMilli(window.endMillis());
        SourceMetadata source = new SourceMetadata("gpio", null, null, Map.of("bcm", Integer.toString(options.bcm()),
                "event", "window", "pulses", Long.toString(pulses), "total.pulses",
                Long.toString(window.endTotal())));
        String rateUnit = options.unit().isEmpty() ? "1/h" : options.unit() + "/h";
        return List.of(
                reading(window, options.channel(), ReadingValue.of(count), options.unit(), at, source),
                reading(window, options.channel() + ".rate", ReadingValue.of(perHour), rateUnit, at, source),
                reading(window, options.channel() + ".total", ReadingValue.of(window.endTotal() * options.scale()),
                        options.unit(), at, source));
    }

    private Reading reading(Window window, String channel, ReadingValue value, String unit, Instant at,
            SourceMetadata source) {
        // the end time is part of the id: two windows without pulses share their totals but are distinct readings
        String id = ReadingIds.derive("gpio-counter", options.sensorId(), "bcm" + options.bcm(), channel,
                Long.toString(window.startTotal()), Long.toString(window.endTotal()),
                Long.toString(window.endMillis()));
        return new Reading(id, options.sensorId(), channel, value, unit, at, window.quality(), Priority.TELEMETRY,
                source);
    }

    private void save() {
        try {
            store.save(new CounterState(total, unacknowledged));
            if (saveFailing) {
                saveFailing = false;
                LOG.info("GPIO counter {}: state saved again to {}", options.sensorId(), store.file());
            }
        } catch (IOException e) {
            if (!saveFailing) {
                saveFailing = true;
                LOG.error("GPIO counter {}: cannot save the running total to {}; counting on in memory: {}",
                        options.sensorId(), store.file(), e.getMessage());
            }
        }
    }

    /**
     * Stops counting and saves the total. The open window, if it counted anything, is saved unconfirmed and sent at
     * the next start, so the windows' counts always add up to the total.
     */
    @Override
    public void close() {
        input.removeListener(listener);
        windowTimer.cancel();
        debouncer.cancel();
        synchronized (this) {
            closed = true;
            if (total > openTotal) {
                closeOpenWindow();
            }
            save();
        }
    }
}
