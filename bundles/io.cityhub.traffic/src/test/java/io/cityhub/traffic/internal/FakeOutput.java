package io.cityhub.traffic.internal;

import io.cityhub.api.output.DigitalOutput;
import io.cityhub.api.output.OutputException;

/** A digital output in memory: remembers its level, can refuse commands, can have stuck feedback. */
final class FakeOutput implements DigitalOutput {

    private final String id;
    private volatile boolean level;
    private volatile boolean refuse;
    private volatile Boolean stuckFeedback;

    FakeOutput(String id) {
        this.id = id;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public void set(boolean on) throws OutputException {
        if (refuse) {
            throw new OutputException("driver fault", null);
        }
        level = on;
    }

    @Override
    public boolean sensed() {
        Boolean stuck = stuckFeedback;
        return stuck != null ? stuck : level;
    }

    @Override
    public boolean hasFeedback() {
        return stuckFeedback != null;
    }

    @Override
    public boolean safeState() {
        return false;
    }

    boolean level() {
        return level;
    }

    void refuse() {
        refuse = true;
    }

    void accept() {
        refuse = false;
    }

    /** The feedback input reads this level whatever is commanded (a blown lamp, a welded relay). */
    void stickFeedback(boolean sensedLevel) {
        stuckFeedback = sensedLevel;
    }
}
