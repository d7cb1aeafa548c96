package io.cityhub.filter;

import java.util.Map;
import java.util.Optional;

/**
 * Linear conversion {@code to = from * scale + offset} between SenML unit symbols (RFC 8428 §12.1 and the secondary
 * units of RFC 8798) of the same quantity. Only exact factors of the SI definitions are listed.
 */
public final class UnitConversion {

    /** Each non-canonical unit, with its canonical unit and the factor/offset to it. */
    private static final Map<String, Step> TO_CANONICAL = Map.ofEntries(
            Map.entry("K", new Step("Cel", 1, -273.15)),
            Map.entry("degF", new Step("Cel", 5.0 / 9.0, -32 * 5.0 / 9.0)),
            Map.entry("hPa", new Step("Pa", 100, 0)),
            Map.entry("kPa", new Step("Pa", 1000, 0)),
            Map.entry("bar", new Step("Pa", 100_000, 0)),
            Map.entry("mbar", new Step("Pa", 100, 0)),
            Map.entry("mm", new Step("m", 0.001, 0)),
            Map.entry("cm", new Step("m", 0.01, 0)),
            Map.entry("km", new Step("m", 1000, 0)),
            Map.entry("km/h", new Step("m/s", 1 / 3.6, 0)),
            Map.entry("g", new Step("kg", 0.001, 0)),
            Map.entry("mV", new Step("V", 0.001, 0)),
            Map.entry("mA", new Step("A", 0.001, 0)),
            Map.entry("kW", new Step("W", 1000, 0)),
            Map.entry("Wh", new Step("J", 3600, 0)),
            Map.entry("kWh", new Step("J", 3_600_000, 0)),
            Map.entry("ms", new Step("s", 0.001, 0)),
            Map.entry("min", new Step("s", 60, 0)),
            Map.entry("h", new Step("s", 3600, 0)),
            Map.entry("%", new Step("/", 0.01, 0)),
            Map.entry("l", new Step("m3", 0.001, 0)),
            Map.entry("mS/cm", new Step("S/m", 0.1, 0)),
            Map.entry("uS/cm", new Step("S/m", 0.0001, 0)));

    private record Step(String canonical, double scale, double offset) {
    }

    private final double scale;
    private final double offset;

    private UnitConversion(double scale, double offset) {
        this.scale = scale;
        this.offset = offset;
    }

    /**
     * @param from the reading's unit, not null
     * @param to the channel's canonical unit, not null
     * @return the conversion, the identity if the units are equal, or empty if no conversion is known
     */
    public static Optional<UnitConversion> between(String from, String to) {
        if (from.equals(to)) {
            return Optional.of(new UnitConversion(1, 0));
        }
        Step f = TO_CANONICAL.get(from);
        Step t = TO_CANONICAL.get(to);
        String fromBase = f == null ? from : f.canonical();
        String toBase = t == null ? to : t.canonical();
        if (!fromBase.equals(toBase)) {
            return Optional.empty();
        }
        // from -> base: x*fs + fo; base -> to: (y - to) / ts
        double fs = f == null ? 1 : f.scale();
        double fo = f == null ? 0 : f.offset();
        double ts = t == null ? 1 : t.scale();
        double tOff = t == null ? 0 : t.offset();
        return Optional.of(new UnitConversion(fs / ts, (fo - tOff) / ts));
    }

    /** @return {@code value} in the target unit; NaN and infinities carry over */
    public double apply(double value) {
        return value * scale + offset;
    }
}
