package io.cityhub.traffic.internal;

import io.cityhub.api.input.DigitalInput;
import io.cityhub.api.input.DigitalInputListener;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The digital inputs present on the gateway (detectors, push buttons, priority requests), by their
 * {@link DigitalInput#INPUT_ID}, with what each did since the controller last looked. Inputs report on their
 * provider's thread; the tick thread samples once per 100 ms step, so a press or a passing vehicle shorter than a
 * step is latched and seen as one step of activity rather than lost. Thread-safe.
 */
final class InputBank {

    /** What one input showed since the last sample. */
    private static final class Latch implements DigitalInputListener {
        final DigitalInput input;
        volatile boolean level;
        final AtomicBoolean roseSinceSample = new AtomicBoolean();
        volatile String fault;

        Latch(DigitalInput input) {
            this.input = input;
        }

        @Override
        public void changed(DigitalInput source, boolean active, Instant at) {
            level = active;
            if (active) {
                roseSinceSample.set(true);
            }
        }

        @Override
        public void failed(DigitalInput source, String reason) {
            fault = reason;
        }
    }

    private final Map<String, Latch> inputs = new ConcurrentHashMap<>();

    void add(String id, DigitalInput input) {
        Objects.requireNonNull(id, "id");
        Latch latch = new Latch(Objects.requireNonNull(input, "input"));
        input.addListener(latch);
        // read the state after listening, so a change in between is not lost
        latch.level = input.active();
        latch.fault = input.fault();
        Latch old = inputs.put(id, latch);
        if (old != null) {
            old.input.removeListener(old);
        }
    }

    void remove(String id, DigitalInput input) {
        if (id == null) {
            return;
        }
        Latch latch = inputs.get(id);
        if (latch != null && latch.input == input && inputs.remove(id, latch)) {
            input.removeListener(latch);
        }
    }

    /**
     * Samples one input for this step: active if it is active now or became active since the last sample.
     *
     * @param id the input id
     * @return the level, or null when the input is missing or faulted (see {@link #problem(String)})
     */
    Boolean sample(String id) {
        Latch latch = inputs.get(id);
        if (latch == null || latch.fault != null) {
            return null;
        }
        // getAndSet: a press arriving between the read and the clear is kept for the next step, not lost
        boolean rose = latch.roseSinceSample.getAndSet(false);
        return latch.level || rose;
    }

    /**
     * @param id the input id
     * @return why the input cannot be read ("input service missing" or its fault), null when it can
     */
    String problem(String id) {
        Latch latch = inputs.get(id);
        if (latch == null) {
            return "input service missing";
        }
        return latch.fault;
    }
}
