package io.cityhub.filter;

/**
 * Windowed aggregation over tumbling windows of a fixed length aligned to the epoch ({@code [k*len, (k+1)*len)} in
 * milliseconds since 1970). A value joins the open window; a value of a later window closes the open one, which is
 * returned once, complete. A value of an earlier window (the clock went backwards) closes the open window early,
 * returned marked partial, and opens the earlier window: windows already returned cannot be reopened, and nothing is
 * thrown away. NaN and infinities do not enter a window (the caller counts them as dropped).
 */
public final class TumblingAggregate {

    /**
     * An open or closed window. Mean is {@code sum / count}.
     *
     * @param startMillis start of the window, inclusive
     * @param count values in it, at least 1
     * @param min smallest value
     * @param max largest value
     * @param sum sum of the values
     * @param last the most recent value
     * @param partial true if the window was closed before its end (its values are all there, but later ones of the
     *     same period may follow in another window)
     */
    public record Window(long startMillis, long count, double min, double max, double sum, double last,
            boolean partial) {

        /** @return the mean of the values */
        public double mean() {
            return sum / count;
        }

        /** @return this window marked as closed before its end */
        public Window asPartial() {
            return new Window(startMillis, count, min, max, sum, last, true);
        }

        Window plus(double value) {
            return new Window(startMillis, count + 1, Math.min(min, value), Math.max(max, value), sum + value, value,
                    partial);
        }
    }

    /**
     * Result of one value.
     *
     * @param closed the window this value closed, or null if none closed
     * @param open the window now open, or null if the value was not finite and no window is open
     */
    public record Step(Window closed, Window open) {
    }

    private final long lengthMillis;

    /** @param lengthMillis window length, > 0 */
    public TumblingAggregate(long lengthMillis) {
        if (lengthMillis <= 0) {
            throw new IllegalArgumentException("aggregation window has invalid value '" + lengthMillis
                    + "'; expected > 0 ms");
        }
        this.lengthMillis = lengthMillis;
    }

    /** @return the window length in milliseconds */
    public long lengthMillis() {
        return lengthMillis;
    }

    /** @return the start of the window holding {@code atMillis} (floor, also before 1970) */
    public long windowStart(long atMillis) {
        return Math.floorDiv(atMillis, lengthMillis) * lengthMillis;
    }

    /**
     * @param open the open window, or null if none is open
     * @param value the value
     * @param atMillis its time
     * @return the window closed by it, if any, and the window now open
     */
    public Step apply(Window open, double value, long atMillis) {
        if (!Double.isFinite(value)) {
            return new Step(null, open);
        }
        long start = windowStart(atMillis);
        Window fresh = new Window(start, 1, value, value, value, value, false);
        if (open == null) {
            return new Step(null, fresh);
        }
        if (start == open.startMillis()) {
            return new Step(null, open.plus(value));
        }
        if (start > open.startMillis()) {
            return new Step(open, fresh);
        }
        return new Step(open.asPartial(), fresh);
    }
}
