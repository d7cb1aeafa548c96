package io.cityhub.filter.internal;

import io.cityhub.api.filter.FilterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.kura.configuration.ConfigurableComponent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sensor channel's configured filter chain (a factory component: Kura's "+" makes one per sensor channel),
 * offered to {@link ChannelFilterService}. A configuration change restarts it, which the service sees as a new chain
 * for the next reading; the sources and ingest are not disturbed.
 */
@Component(name = SensorFilterOverride.PID, configurationPid = SensorFilterOverride.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {SensorFilterOverride.class, ConfigurableComponent.class})
@Designate(ocd = SensorFilterOverrideConfig.class, factory = true)
public final class SensorFilterOverride implements ConfigurableComponent {

    /** Factory configuration PID and metatype OCD id. */
    public static final String PID = "io.cityhub.filter.SensorFilterOverride";

    private static final Logger LOG = LoggerFactory.getLogger(SensorFilterOverride.class);

    private final ChannelKey key;
    private final List<FilterSpec> filters;

    /**
     * Used by DS.
     *
     * @throws IllegalArgumentException naming PID, attribute and value if the configuration is invalid (also logged
     *     at ERROR)
     */
    @Activate
    public SensorFilterOverride(SensorFilterOverrideConfig config) {
        try {
            this.key = new ChannelKey(text(config.sensor_id(), "sensor.id"), text(config.channel(), "channel"));
            this.filters = specs(config);
            ChainParser parser = new ChainParser(PID);
            // every numeric attribute within its metatype bounds, also for a filter that is off, so the bounds a
            // technician sees are exactly the ones enforced; then the chain as configured
            parser.parse(List.of(
                    new FilterSpec("outlier", Map.of("window", Integer.toString(config.outlier_window()),
                            "threshold", Double.toString(config.outlier_threshold()))),
                    new FilterSpec("deadband", Map.of("mode", "absolute",
                            "band", Double.toString(config.deadband_band()),
                            "heartbeat.seconds", Long.toString(config.deadband_heartbeat_seconds()))),
                    new FilterSpec("interval", Map.of("seconds", Long.toString(config.interval_seconds()))),
                    new FilterSpec("aggregate", Map.of(
                            "window.seconds", Long.toString(config.aggregate_window_seconds()),
                            "functions", config.aggregate_functions()))), null);
            parser.parse(filters, null);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: activation failed: {}", PID, e.getMessage());
            throw e;
        }
    }

    /** For tests: an override already validated. */
    SensorFilterOverride(ChannelKey key, List<FilterSpec> filters) {
        this.key = key;
        this.filters = List.copyOf(filters);
    }

    ChannelKey key() {
        return key;
    }

    /** @return the chain as specs, in {@link ChainParser}'s terms */
    List<FilterSpec> filters() {
        return filters;
    }

    private static String text(String value, String attribute) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(PID + ": attribute '" + attribute + "' has invalid value '"
                    + (value == null ? "" : value) + "'; expected a non-empty name");
        }
        return value.trim();
    }

    static List<FilterSpec> specs(SensorFilterOverrideConfig c) {
        List<FilterSpec> specs = new ArrayList<>();
        if (!c.unit_to().isBlank()) {
            specs.add(new FilterSpec("unit", Map.of("to", c.unit_to().trim())));
        }
        if (!"off".equals(c.range_action())) {
            specs.add(new FilterSpec("range", Map.of("action", c.range_action(), "min", c.range_min(),
                    "max", c.range_max())));
        }
        if (c.outlier_window() != 0) {
            specs.add(new FilterSpec("outlier", Map.of("window", Integer.toString(c.outlier_window()),
                    "threshold", Double.toString(c.outlier_threshold()))));
        }
        if (!"off".equals(c.deadband_mode())) {
            specs.add(new FilterSpec("deadband", Map.of("mode", c.deadband_mode(),
                    "band", Double.toString(c.deadband_band()),
                    "heartbeat.seconds", Long.toString(c.deadband_heartbeat_seconds()))));
        }
        if (c.interval_seconds() != 0) {
            specs.add(new FilterSpec("interval", Map.of("seconds", Long.toString(c.interval_seconds()))));
        }
        if (c.aggregate_window_seconds() != 0) {
            specs.add(new FilterSpec("aggregate", Map.of("window.seconds", Long.toString(c.aggregate_window_seconds()),
                    "functions", c.aggregate_functions())));
        }
        return List.copyOf(specs);
    }
}
