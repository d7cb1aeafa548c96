package io.cityhub.sensor.gpio.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.ObservationSink;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a pin's readings to ingest. An outbox that cannot take them is an outage, a state: logged once when it
 * starts and once when it ends, counted in between.
 */
final class SinkSubmitter {

    private static final Logger LOG = LoggerFactory.getLogger(SinkSubmitter.class);

    private final ObservationSink sink;
    private final String pin;
    private final AtomicBoolean failing = new AtomicBoolean();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * @param sink ingest
     * @param pin names the pin in log lines, e.g. {@code BCM 17 (door-cabinet)}
     */
    SinkSubmitter(ObservationSink sink, String pin) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.pin = Objects.requireNonNull(pin, "pin");
    }

    /**
     * @param readings the readings, not empty
     * @return completes with true once they are durable, false if ingest could not take them; never exceptionally
     */
    CompletionStage<Boolean> submit(List<Reading> readings) {
        CompletionStage<?> stage;
        try {
            stage = sink.submit(readings);
        } catch (RuntimeException e) { // a sink that throws instead of failing the stage still must not kill a pin
            stage = CompletableFuture.failedFuture(e);
        }
        return stage.handle((receipt, error) -> {
            if (error == null) {
                submitted.addAndGet(readings.size());
                if (failing.compareAndSet(true, false)) {
                    LOG.info("GPIO pin {}: ingest takes readings again", pin);
                }
                return true;
            }
            failed.addAndGet(readings.size());
            if (failing.compareAndSet(false, true)) {
                LOG.warn("GPIO pin {}: ingest cannot take readings ({}); counting failures until it can", pin,
                        error.getMessage());
            }
            return false;
        });
    }

    /** @return readings ingest made durable */
    long submitted() {
        return submitted.get();
    }

    /** @return readings ingest could not take */
    long failed() {
        return failed.get();
    }
}
