package io.cityhub.filter.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * One sensor channel's filter chain, replacing its device profile's defaults (Kura web UI: "cityhub sensor filter",
 * a factory: one instance per sensor channel). Min/max are the constants {@link ChainParser} checks against.
 */
@ObjectClassDefinition(id = SensorFilterOverride.PID, name = "cityhub sensor filter",
        description = "The edge filters of one sensor channel, replacing the defaults of its device profile. The"
                + " steps run in this order: unit conversion, range, outlier, deadband, minimum interval,"
                + " aggregation. A change applies to the next reading; a channel keeps its filter state when its"
                + " chain is unchanged, else an open aggregation window is sent as partial.")
@interface SensorFilterOverrideConfig {

    @AttributeDefinition(name = "Sensor id", description = "The sensor whose channel this configures, e.g. a DevEUI.")
    String sensor_id();

    @AttributeDefinition(name = "Channel", description = "The channel, e.g. temperature.")
    String channel();

    @AttributeDefinition(name = "Convert to unit", required = false,
            description = "SenML unit to convert values to, e.g. Cel; empty for the unit of the device profile's"
                    + " channel, or no conversion if the sensor has no profile.")
    String unit_to() default "";

    @AttributeDefinition(name = "Out of range", description = "What happens to a value outside [min, max].",
            options = {@Option(label = "No range check", value = "off"), @Option(label = "Drop it", value = "drop"),
                @Option(label = "Store it, flagged filter.flag=out-of-range", value = "flag")})
    String range_action() default "off";

    @AttributeDefinition(name = "Range min", required = false,
            description = "Lowest valid value; empty for the device profile's bound, or none.")
    String range_min() default "";

    @AttributeDefinition(name = "Range max", required = false,
            description = "Highest valid value; empty for the device profile's bound, or none.")
    String range_max() default "";

    @AttributeDefinition(name = "Outlier window", min = "" + ChainParser.MIN_OUTLIER_WINDOW,
            max = "" + ChainParser.MAX_OUTLIER_WINDOW,
            description = "Hampel filter over this many preceding values (3 or more); 0 turns it off.")
    int outlier_window() default 0;

    @AttributeDefinition(name = "Outlier threshold", min = "" + ChainParser.MIN_OUTLIER_THRESHOLD,
            max = "" + ChainParser.MAX_OUTLIER_THRESHOLD,
            description = "A value further than this many standard deviations (1.4826 x MAD) from the window's"
                    + " median is dropped.")
    double outlier_threshold() default 3;

    @AttributeDefinition(name = "Deadband", description = "Send a value only when it moved more than the band.",
            options = {@Option(label = "Off", value = "off"), @Option(label = "Absolute band", value = "absolute"),
                @Option(label = "Percent of the last sent value", value = "percent")})
    String deadband_mode() default "off";

    @AttributeDefinition(name = "Deadband band", min = "0", max = "" + ChainParser.MAX_BAND,
            description = "The band, in the channel's unit (absolute) or in percent.")
    double deadband_band() default 0;

    @AttributeDefinition(name = "Deadband heartbeat (s)", min = "" + ChainParser.MIN_HEARTBEAT_SECONDS,
            max = "" + ChainParser.MAX_HEARTBEAT_SECONDS,
            description = "A value is sent at least this often, changed or not.")
    long deadband_heartbeat_seconds() default 900;

    @AttributeDefinition(name = "Minimum interval (s)", min = "" + ChainParser.MIN_INTERVAL_SECONDS,
            max = "" + ChainParser.MAX_INTERVAL_SECONDS,
            description = "At most one value per this many seconds; 0 turns it off.")
    long interval_seconds() default 0;

    @AttributeDefinition(name = "Aggregation window (s)", min = "" + ChainParser.MIN_AGGREGATE_SECONDS,
            max = "" + ChainParser.MAX_AGGREGATE_SECONDS,
            description = "Instead of each value, send the window's aggregates (channel <channel>:<function>) once"
                    + " per tumbling window of this many seconds; 0 turns it off.")
    long aggregate_window_seconds() default 0;

    @AttributeDefinition(name = "Aggregates",
            description = "Comma-separated: min, max, mean, count, last.")
    String aggregate_functions() default "mean";
}
