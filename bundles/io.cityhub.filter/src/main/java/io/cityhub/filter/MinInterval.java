package io.cityhub.filter;

/**
 * Minimum interval (rate limit): a value passes when at least the interval has elapsed since the last value that
 * passed. The first value passes. If the clock went backwards the value passes and the state restarts from it: an
 * interval cannot be measured against a pass that lies in the future, and holding values until the clock catches up
 * could silence a sensor for as long as the jump.
 */
public final class MinInterval {

    /** State between values: when the last value passed; {@link #EMPTY} before the first. */
    public record State(boolean hasPassed, long lastPassMillis) {
        /** The state before any value was seen. */
        public static final State EMPTY = new State(false, 0L);
    }

    /** Whether the value passes and the state to keep. */
    public record Decision(boolean pass, State next) {
    }

    private final long intervalMillis;

    /** @param intervalMillis the minimum time between passes, > 0 */
    public MinInterval(long intervalMillis) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("minimum interval has invalid value '" + intervalMillis
                    + "'; expected > 0 ms");
        }
        this.intervalMillis = intervalMillis;
    }

    /** Decides whether a value at {@code atMillis} passes. */
    public Decision apply(State state, long atMillis) {
        if (!state.hasPassed() || atMillis < state.lastPassMillis()
                || atMillis - state.lastPassMillis() >= intervalMillis) {
            return new Decision(true, new State(true, atMillis));
        }
        return new Decision(false, state);
    }
}
