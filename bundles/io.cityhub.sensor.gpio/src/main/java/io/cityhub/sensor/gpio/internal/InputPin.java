package io.cityhub.sensor.gpio.internal;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.sensor.gpio.internal.ReadingStamper.Stamp;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A digital input (door contact, loop detector, push button, flood switch): a reading of the active state at start,
 * on each debounced change, and as a heartbeat.
 *
 * <p>Pi4J 2.8 hands edges over without the kernel's event timestamp, so an edge is stamped when its event reaches
 * this class: on libgpiod that is the provider's event thread, within microseconds of the kernel's timestamp.
 */
final class InputPin implements RunningPin {

    private final GpioPinOptions options;
    private final DigitalInput input;
    private final SinkSubmitter submitter;
    private final ReadingStamper stamper;
    private final Debouncer debouncer;
    private final PinScheduler.Cancellable heartbeat;
    private final DigitalStateChangeListener listener;

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
                (level, first) -> submit(level, first, "change"));
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
        submitter.submit(List.of(Reading.of(options.sensorId(), options.channel(), ReadingValue.of(active), "",
                stamp.at(), stamp.quality(), source)));
    }

    /** @return the debounced active state */
    boolean active() {
        return debouncer.level();
    }

    /** Stops listening and the heartbeat. The line itself is released by the platform. */
    @Override
    public void close() {
        input.removeListener(listener);
        if (heartbeat != null) {
            heartbeat.cancel();
        }
        debouncer.cancel();
    }
}
