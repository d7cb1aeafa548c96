package io.cityhub.filter.internal;

import io.cityhub.api.filter.FilterSpec;
import io.cityhub.api.profile.ChannelSpec;
import io.cityhub.filter.Deadband;
import io.cityhub.filter.RangeCheck;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Validates filter specifications (a profile's defaults, or a sensor override turned into specs) into a
 * {@link ChainSpec}. Parameter {@code p} of filter type {@code t} is named {@code t.p}, exactly as the override's
 * configuration attribute, so a message reads the same for both. The bounds are the metatype's bounds.
 */
final class ChainParser {

    static final double MAX_BAND = 1_000_000;
    static final long MIN_HEARTBEAT_SECONDS = 1;
    /** a week: longer silence would hide a dead sensor from the platform for too long */
    static final long MAX_HEARTBEAT_SECONDS = 604_800;
    /** 0 turns the minimum interval off */
    static final long MIN_INTERVAL_SECONDS = 0;
    static final long MAX_INTERVAL_SECONDS = 86_400;
    /** 0 turns outlier rejection off; a median of fewer than 3 values cannot tell an outlier */
    static final int MIN_OUTLIER_WINDOW = 0;
    static final int MAX_OUTLIER_WINDOW = 31;
    static final double MIN_OUTLIER_THRESHOLD = 0.5;
    static final double MAX_OUTLIER_THRESHOLD = 100;
    /** 0 turns aggregation off */
    static final long MIN_AGGREGATE_SECONDS = 0;
    static final long MAX_AGGREGATE_SECONDS = 86_400;

    private final String context;

    /** @param context names the source in messages: a PID, or the profile and channel */
    ChainParser(String context) {
        this.context = context;
    }

    /**
     * @param specs the filters, later ones of a type replacing earlier ones; not null
     * @param channel the channel's profile entry, filling range bounds a spec leaves out; null if none
     * @return the chain
     * @throws IllegalArgumentException naming the context, the parameter and its value
     */
    ChainSpec parse(List<FilterSpec> specs, ChannelSpec channel) {
        String unit = null;
        ChainSpec.Range range = null;
        ChainSpec.Outlier outlier = null;
        ChainSpec.Band band = null;
        long interval = 0;
        ChainSpec.Aggregate aggregate = null;
        for (FilterSpec spec : specs) {
            Map<String, String> p = spec.parameters();
            switch (spec.type()) {
                case "unit" -> unit = unit(p);
                case "range" -> range = range(p, channel);
                case "outlier" -> outlier = outlier(p);
                case "deadband" -> band = band(p);
                case "interval" -> interval =
                        seconds(p, "interval.seconds", MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS) * 1000;
                case "aggregate" -> aggregate = aggregate(p);
                default -> throw invalid("type", spec.type(),
                        "one of unit, range, outlier, deadband, interval, aggregate");
            }
        }
        return new ChainSpec(unit, range, outlier, band, interval, aggregate);
    }

    private String unit(Map<String, String> p) {
        String to = required(p, "unit.to");
        if (to.chars().anyMatch(c -> c <= 0x20 || (c >= 0x7F && c <= 0x9F))) {
            throw invalid("unit.to", to, "a SenML unit symbol such as Cel or m3");
        }
        return to;
    }

    private ChainSpec.Range range(Map<String, String> p, ChannelSpec channel) {
        String actionText = p.getOrDefault("action", "drop");
        RangeCheck.Action action = switch (actionText.trim().toLowerCase(Locale.ROOT)) {
            case "drop" -> RangeCheck.Action.DROP;
            case "flag" -> RangeCheck.Action.FLAG;
            default -> throw invalid("range.action", actionText, "drop or flag");
        };
        double min = bound(p, "min", channel == null ? Double.NEGATIVE_INFINITY : channel.min());
        double max = bound(p, "max", channel == null ? Double.POSITIVE_INFINITY : channel.max());
        if (min > max) {
            throw invalid("range.min", p.getOrDefault("min", Double.toString(min)),
                    "a number not above range.max (" + max + ")");
        }
        return new ChainSpec.Range(min, max, action);
    }

    private double bound(Map<String, String> p, String name, double fallback) {
        String text = p.get(name);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        double value = number(text, "range." + name, "a number");
        if (Double.isNaN(value)) {
            throw invalid("range." + name, text, "a number");
        }
        return value;
    }

    private ChainSpec.Outlier outlier(Map<String, String> p) {
        String text = required(p, "outlier.window");
        long window = integer(text, "outlier.window");
        if (window != 0 && (window < 3 || window > MAX_OUTLIER_WINDOW)) {
            throw invalid("outlier.window", text, "0 (off) or between 3 and " + MAX_OUTLIER_WINDOW);
        }
        double threshold = p.containsKey("threshold")
                ? decimal(p.get("threshold"), "outlier.threshold", MIN_OUTLIER_THRESHOLD, MAX_OUTLIER_THRESHOLD)
                : 3;
        return window == 0 ? null : new ChainSpec.Outlier((int) window, threshold);
    }

    private ChainSpec.Band band(Map<String, String> p) {
        String modeText = required(p, "deadband.mode");
        Deadband.Mode mode = switch (modeText.trim().toLowerCase(Locale.ROOT)) {
            case "absolute" -> Deadband.Mode.ABSOLUTE;
            case "percent" -> Deadband.Mode.PERCENT;
            default -> throw invalid("deadband.mode", modeText, "absolute or percent");
        };
        double band = decimal(required(p, "deadband.band"), "deadband.band", 0, MAX_BAND);
        long heartbeat = seconds(p, "deadband.heartbeat.seconds", MIN_HEARTBEAT_SECONDS, MAX_HEARTBEAT_SECONDS);
        return new ChainSpec.Band(mode, band, heartbeat * 1000);
    }

    private ChainSpec.Aggregate aggregate(Map<String, String> p) {
        long window = seconds(p, "aggregate.window.seconds", MIN_AGGREGATE_SECONDS, MAX_AGGREGATE_SECONDS);
        if (window == 0) {
            return null;
        }
        String text = p.getOrDefault("functions", "mean");
        Set<AggregateFunction> functions = EnumSet.noneOf(AggregateFunction.class);
        for (String part : text.split(",", -1)) {
            String name = part.trim().toUpperCase(Locale.ROOT);
            try {
                functions.add(AggregateFunction.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw invalid("aggregate.functions", text, "a comma-separated list of min, max, mean, count, last");
            }
        }
        return new ChainSpec.Aggregate(window * 1000, functions);
    }

    private long seconds(Map<String, String> p, String attribute, long min, long max) {
        String text = required(p, attribute);
        long value = integer(text, attribute);
        if (value < min || value > max) {
            throw invalid(attribute, text, "between " + min + " and " + max);
        }
        return value;
    }

    private long integer(String text, String attribute) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(attribute, text, "a whole number");
        }
    }

    private double decimal(String text, String attribute, double min, double max) {
        double value = number(text, attribute, "a number between " + min + " and " + max);
        if (!(value >= min && value <= max)) {
            throw invalid(attribute, text, "a number between " + min + " and " + max);
        }
        return value;
    }

    private double number(String text, String attribute, String expected) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw invalid(attribute, text, expected);
        }
    }

    /** @param attribute {@code type.param}; the map holds {@code param} */
    private String required(Map<String, String> p, String attribute) {
        String key = attribute.substring(attribute.indexOf('.') + 1);
        String value = p.get(key);
        if (value == null || value.isBlank()) {
            throw invalid(attribute, value == null ? "" : value, "a value");
        }
        return value;
    }

    private IllegalArgumentException invalid(String attribute, String value, String expected) {
        return new IllegalArgumentException(context + ": attribute '" + attribute + "' has invalid value '" + value
                + "'; expected " + expected);
    }
}
