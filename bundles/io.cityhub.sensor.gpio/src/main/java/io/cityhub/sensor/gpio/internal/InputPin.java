package io.cityhub.sensor.gpio.internal;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.input.DigitalInputListener;
import io.cityhub.sensor.gpio.internal.ReadingStamper.Stamp;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A digital input (door contact, loop detector, push button, flood switch): a reading of the active state at start,
 * on each debounced change, and as a heartbeat; also offered to other bundles as an
 * {@link io.cityhub.api.input.DigitalInput} (the traffic controller's detectors and push buttons), whose listeners
 * hear the same debounced changes.
 *
 * <p>Pi4J 2.8 hands edges over without the kernel's event timestamp, so an edge is stamped when its event reaches
 * this class: on libgpiod that is the provider's event thread, within microseconds of the kernel's timestamp.
 */
final class InputPin implements RunningPin, io.cityhub.api.input.DigitalInput {

    private static final Logger LOG = LoggerFactory.getLogger(InputPin.class);

    private final GpioPinOptions options;
    private final DigitalInput input;
    private final SinkSubmitter submitter;
    private final ReadingStamper stamper;
    private final Debouncer debouncer;
    private final PinScheduler.Cancellable heartbeat;
    private final DigitalStateChangeListener listener;
    private final Set<DigitalInputListener> listeners = new CopyOnWriteArraySet<>();
    private volatile String fault;

    /**
     * Starts listening and submits the state at start.
     *
     * @param options the pin's options, role input
     * @param input the opened line
     * @param submitter hands readings to ingest
     * @param scheduler the pin's timers
     * @param stamper stamps readings
     */
    InputPin(GpioPinOptions options, DigitalInput input, SinkSubmitter submitter, PinScheduler scheduler,
            ReadingStamper stamper) {
        this.options = Objects.requireNonNull(options, "options");
        this.input = Objects.requireNonNull(input, "input");
        this.submitter = Objects.requireNonNull(submitter, "submitter");
        this.stamper = Objects.requireNonNull(stamper, "stamper");
        boolean initial = active(input.state());
        this.debouncer = new Debouncer(initial, options.debounce(), scheduler,
                (level, first) -> {
                    submit(level, first, "change");
                    notifyChange(level, first);
                });
        this.listener = event -> debouncer.edge(active(event.state()), stamper.stamp());
        input.addListener(listener);
        submit(initial, stamper.stamp(), "start");
        this.heartbeat = options.heartbeat().isZero() ? null
                : scheduler.every(() -> submit(debouncer.level(), stamper.stamp(), "heartbeat"), options.heartbeat());
    }

    private boolean active(DigitalState state) {
        return (state == DigitalState.HIGH) == options.activeHigh();
    }

    private void submit(boolean active, Stamp stamp, String event) {
        SourceMetadata source = new SourceMetadata("gpio", null, null,
                Map.of("bcm", Integer.toString(options.bcm()), "event", event));
        String id = ReadingIds.ofReceipt(options.sensorId(), options.channel(), "", stamp.at(), stamp.receiptId());
        submitter.submit(List.of(new Reading(id, options.sensorId(), options.channel(), ReadingValue.of(active), "",
                stamp.at(), stamp.quality(), Priority.TELEMETRY, source)));
    }

    private void notifyChange(boolean active, Stamp first) {
        for (DigitalInputListener l : listeners) {
            try {
                l.changed(this, active, first.at());
            } catch (RuntimeException e) { // one consumer's bug must not stop the others or the readings
                LOG.error("GPIO input {}: a listener failed: {}", options.sensorId(), e.toString());
            }
        }
    }

    @Override
    public String id() {
        return options.sensorId();
    }

    /** @return the debounced active state; false once closed */
    @Override
    public boolean active() {
        return fault == null && debouncer.level();
    }

    @Override
    public String fault() {
        return fault;
    }

    @Override
    public void addListener(DigitalInputListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
    }

    @Override
    public void removeListener(DigitalInputListener l) {
        listeners.remove(l);
    }

    /** Stops listening and the heartbeat; listeners hear that the input is no longer read. The line itself is
     * released by the platform. */
    @Override
    public void close() {
        fault = "input on BCM " + options.bcm() + " closed";
        for (DigitalInputListener l : listeners) {
            try {
                l.failed(this, fault);
            } catch (RuntimeException e) { // as in notifyChange
                LOG.error("GPIO input {}: a listener failed: {}", options.sensorId(), e.toString());
            }
        }
        listeners.clear();
        input.removeListener(listener);
        if (heartbeat != null) {
            heartbeat.cancel();
        }
        debouncer.cancel();
    }
}
