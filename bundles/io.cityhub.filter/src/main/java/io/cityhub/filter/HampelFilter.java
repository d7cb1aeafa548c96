package io.cityhub.filter;

import java.util.Arrays;

/**
 * Outlier rejection with a Hampel identifier over a moving window of the preceding values: with {@code m} the
 * median of the window and {@code MAD} the median absolute deviation from it, a value is an outlier when
 * {@code |value - m| > threshold * 1.4826 * MAD} (1.4826 makes the MAD estimate the standard deviation of normally
 * distributed noise). Until the window is full every finite value passes. Every finite value, outlier or not, enters
 * the window, so a lasting change of level is accepted once it makes up half the window instead of being rejected
 * for ever. NaN and infinities are outliers and never enter the window. Time plays no part, so the clock going
 * backwards changes nothing.
 */
public final class HampelFilter {

    /** Scales the MAD to the standard deviation of a normal distribution. */
    private static final double MAD_TO_SIGMA = 1.4826;

    /**
     * The preceding values, oldest first, at most the window size; {@link #EMPTY} before the first value. Treat the
     * array as read-only: a decision returns a new state.
     */
    public record State(double[] values) {
        /** The state before any value was seen. */
        public static final State EMPTY = new State(new double[0]);
    }

    /** Whether the value passes (is not an outlier) and the state to keep. */
    public record Decision(boolean pass, State next) {
    }

    private final int window;
    private final double threshold;

    /**
     * @param window how many preceding values to compare with, at least 3
     * @param threshold how many estimated standard deviations from the median make an outlier, finite and > 0
     */
    public HampelFilter(int window, double threshold) {
        if (window < 3) {
            throw new IllegalArgumentException("outlier window has invalid value '" + window + "'; expected >= 3");
        }
        if (!(threshold > 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("outlier threshold has invalid value '" + threshold
                    + "'; expected a finite number > 0");
        }
        this.window = window;
        this.threshold = threshold;
    }

    /** Decides whether {@code value} is an outlier given the preceding values in {@code state}. */
    public Decision apply(State state, double value) {
        if (!Double.isFinite(value)) {
            return new Decision(false, state);
        }
        double[] history = state.values();
        boolean pass = history.length < window || !isOutlier(history, value);
        return new Decision(pass, new State(append(history, value)));
    }

    private boolean isOutlier(double[] history, double value) {
        double[] sorted = history.clone();
        Arrays.sort(sorted);
        double median = median(sorted);
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = Math.abs(sorted[i] - median);
        }
        Arrays.sort(sorted);
        double mad = median(sorted);
        return Math.abs(value - median) > threshold * MAD_TO_SIGMA * mad;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private double[] append(double[] history, double value) {
        if (history.length < window) {
            double[] next = Arrays.copyOf(history, history.length + 1);
            next[history.length] = value;
            return next;
        }
        double[] next = new double[window];
        System.arraycopy(history, 1, next, 0, window - 1);
        next[window - 1] = value;
        return next;
    }
}
