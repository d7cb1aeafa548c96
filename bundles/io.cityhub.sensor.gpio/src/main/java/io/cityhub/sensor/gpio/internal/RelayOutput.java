package io.cityhub.sensor.gpio.internal;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.output.DigitalOutput;
import io.cityhub.api.output.OutputException;
import io.cityhub.sensor.gpio.internal.ReadingStamper.Stamp;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay output offered to other bundles (the traffic controller's signal heads, pumps, barrier lights) as a
 * {@link DigitalOutput}. It sits in its safe state from the moment it is opened, returns to it when closed, and
 * falls back to it when the provider fails to drive it; a failed output stays in its safe state and refuses further
 * commands until the pin is restarted.
 *
 * <p>With a feedback input wired to the relay's contact, {@link #sensed()} reads the contact, and a disagreement
 * with the command lasting longer than the settle time is a SAFETY event reading ({@code feedback.mismatch} true),
 * followed by one with false when they agree again.
 */
final class RelayOutput implements DigitalOutput, RunningPin {

    private static final Logger LOG = LoggerFactory.getLogger(RelayOutput.class);

    private final GpioPinOptions options;
    private final com.pi4j.io.gpio.digital.DigitalOutput line;
    private final DigitalInput feedback;
    private final DigitalStateChangeListener feedbackListener;
    private final SinkSubmitter events;
    private final PinScheduler scheduler;
    private final ReadingStamper stamper;
    private boolean commanded;
    private boolean failed;
    private boolean closed;
    private boolean mismatch;
    private PinScheduler.Cancellable feedbackCheck;

    /**
     * Drives the safe state at once (the line was also opened at it).
     *
     * @param line the opened output line
     * @param feedback the opened feedback input, or null
     * @throws IllegalStateException if the provider cannot drive the safe state
     */
    RelayOutput(GpioPinOptions options, com.pi4j.io.gpio.digital.DigitalOutput line, DigitalInput feedback,
            SinkSubmitter events, PinScheduler scheduler, ReadingStamper stamper) {
        this.options = Objects.requireNonNull(options, "options");
        this.line = Objects.requireNonNull(line, "line");
        this.feedback = feedback;
        this.events = Objects.requireNonNull(events, "events");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.stamper = Objects.requireNonNull(stamper, "stamper");
        this.commanded = options.safeOn();
        try {
            line.state(level(options.safeOn()));
        } catch (RuntimeException e) { // Pi4J reports provider failures as unchecked Pi4JException
            throw new IllegalStateException(GpioPin.PID + ": output " + options.sensorId() + " on BCM "
                    + options.bcm() + " cannot take its safe state: " + e.getMessage(), e);
        }
        this.feedbackListener = event -> scheduleFeedbackCheck();
        if (feedback != null) {
            feedback.addListener(feedbackListener);
            scheduleFeedbackCheck();
        }
    }

    private DigitalState level(boolean on) {
        return on == options.activeHigh() ? DigitalState.HIGH : DigitalState.LOW;
    }

    @Override
    public String id() {
        return options.sensorId();
    }

    @Override
    public synchronized void set(boolean on) throws OutputException {
        if (closed || failed) {
            throw new OutputException(id() + ": output is " + (closed ? "closed" : "in its safe state after a fault")
                    + ", not driven", null);
        }
        try {
            line.state(level(on));
            commanded = on;
        } catch (RuntimeException e) { // Pi4J reports provider failures as unchecked Pi4JException
            failed = true;
            boolean safe = driveSafe();
            LOG.error("GPIO output {} on BCM {} failed to switch {}; {}: {}", id(), options.bcm(), on ? "on" : "off",
                    safe ? "now in its safe state" : "and its safe state could not be driven either", e.getMessage());
            throw new OutputException(id() + ": the GPIO provider failed to drive BCM " + options.bcm()
                    + (safe ? "; the output is in its safe state" : "; the safe state could not be driven"), e);
        }
        scheduleFeedbackCheck();
    }

    private boolean driveSafe() {
        try {
            line.state(level(options.safeOn()));
            commanded = options.safeOn();
            return true;
        } catch (RuntimeException e) { // nothing more can be done from software; the caller logs it
            return false;
        }
    }

    @Override
    public synchronized boolean sensed() {
        if (feedback != null) {
            return (feedback.state() == DigitalState.HIGH) == options.activeHigh();
        }
        return commanded;
    }

    @Override
    public boolean hasFeedback() {
        return feedback != null;
    }

    @Override
    public boolean safeState() {
        return options.safeOn();
    }

    /** @return whether a fault put the output in its safe state for good */
    synchronized boolean failed() {
        return failed;
    }

    private synchronized void scheduleFeedbackCheck() {
        if (feedback == null || closed) {
            return;
        }
        if (feedbackCheck != null) {
            feedbackCheck.cancel();
        }
        feedbackCheck = scheduler.schedule(this::checkFeedback, options.feedbackSettle());
    }

    private void checkFeedback() {
        boolean nowMismatch;
        boolean was;
        boolean command;
        boolean sensed;
        synchronized (this) {
            feedbackCheck = null;
            if (closed) {
                return;
            }
            command = commanded;
            sensed = sensed();
            nowMismatch = sensed != command;
            was = mismatch;
            mismatch = nowMismatch;
        }
        if (nowMismatch == was) {
            return;
        }
        if (nowMismatch) {
            LOG.warn("GPIO output {}: commanded {} but feedback on BCM {} reads {}", id(), command ? "on" : "off",
                    options.feedbackBcm(), sensed ? "on" : "off");
        } else {
            LOG.info("GPIO output {}: feedback agrees with the command again", id());
        }
        Stamp stamp = stamper.stamp();
        SourceMetadata source = new SourceMetadata("gpio", null, null, Map.of("bcm", Integer.toString(options.bcm()),
                "feedback.bcm", Integer.toString(options.feedbackBcm()), "commanded", Boolean.toString(command)));
        events.submit(List.of(new Reading(
                ReadingIds.ofReceipt(id(), "feedback.mismatch", "", stamp.at(), stamp.receiptId()), id(),
                "feedback.mismatch", ReadingValue.of(nowMismatch), "", stamp.at(), stamp.quality(), Priority.SAFETY,
                source)));
    }

    /** @return whether the feedback currently disagrees with the command (after the settle time) */
    synchronized boolean mismatch() {
        return mismatch;
    }

    /** Drives the safe state and refuses further commands. The lines are released by the platform. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (feedbackCheck != null) {
            feedbackCheck.cancel();
        }
        if (feedback != null) {
            feedback.removeListener(feedbackListener);
        }
        if (!driveSafe()) {
            LOG.error("GPIO output {} on BCM {}: the safe state could not be driven at close", id(), options.bcm());
        }
    }
}
