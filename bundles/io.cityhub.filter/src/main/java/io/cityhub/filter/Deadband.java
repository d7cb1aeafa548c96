package io.cityhub.filter;

/**
 * Deadband with heartbeat: a value is sent when it differs from the last sent value by more than the band
 * (absolute, or percent of the last sent value's magnitude), or when the heartbeat has elapsed since the last send.
 * Pure: {@link #apply} takes the state and returns the decision with the next state.
 */
public final class Deadband {
    /** How the band is measured. */
    public enum Mode { ABSOLUTE, PERCENT }

    /** State between readings: the last sent value and when it was sent; {@link #EMPTY} before the first value. */
    public record State(boolean hasSent, double lastSent, long lastSentMillis) {
        /** The state before any value was seen. */
        public static final State EMPTY = new State(false, Double.NaN, 0L);
    }

    /** Whether the value passes and the state to keep. */
    public record Decision(boolean pass, State next) { }

    private final Mode mode;
    private final double band;
    private final long heartbeatMillis;

    /**
     * @param mode absolute or percent
     * @param band the band, finite and >= 0
     * @param heartbeatMillis maximum silence, > 0
     */
    public Deadband(Mode mode, double band, long heartbeatMillis) {
        if (mode == null) {
            throw new IllegalArgumentException("deadband mode is missing");
        }
        if (!(band >= 0) || Double.isInfinite(band)) {
            throw new IllegalArgumentException(
                    "deadband band has invalid value '" + band + "'; expected a finite number >= 0");
        }
        if (heartbeatMillis <= 0) {
            throw new IllegalArgumentException(
                "deadband heartbeat has invalid value '" + heartbeatMillis + "'; expected > 0 ms");
        }
        this.mode = mode;
        this.band = band;
        this.heartbeatMillis = heartbeatMillis;
    }

    /**
     * Decides whether {@code value} at {@code atMillis} is sent. The first value is always sent. A non-finite value
     * (NaN, infinity) is always sent: it is a change a band cannot measure. If the clock went backwards the value is
     * sent and the state restarts from it, since the heartbeat cannot be measured against a future send.
     */
    public Decision apply(State state, double value, long atMillis) {
        if (!state.hasSent() || !Double.isFinite(value) || !Double.isFinite(state.lastSent())
                || atMillis < state.lastSentMillis()
                || atMillis - state.lastSentMillis() >= heartbeatMillis
                || exceedsBand(state.lastSent(), value)) {
            return new Decision(true, new State(true, value, atMillis));
        }
        return new Decision(false, state);
    }

    private boolean exceedsBand(double last, double value) {
        double limit = mode == Mode.ABSOLUTE ? band : Math.abs(last) * band / 100.0;
        return Math.abs(value - last) > limit;
    }
}
