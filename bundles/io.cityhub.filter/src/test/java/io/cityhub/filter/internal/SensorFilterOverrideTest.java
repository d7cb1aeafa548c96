package io.cityhub.filter.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.filter.FilterSpec;
import java.lang.annotation.Annotation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SensorFilterOverrideTest {

    /** The metatype defaults, with the given changes. */
    private static SensorFilterOverrideConfig config(Map<String, Object> changes) {
        return new SensorFilterOverrideConfig() {
            private <T> T get(String name, T fallback) {
                @SuppressWarnings("unchecked")
                T value = (T) changes.getOrDefault(name, fallback);
                return value;
            }

            @Override public Class<? extends Annotation> annotationType() { return SensorFilterOverrideConfig.class; }
            @Override public String sensor_id() { return get("sensor.id", "s1"); }
            @Override public String channel() { return get("channel", "t"); }
            @Override public String unit_to() { return get("unit.to", ""); }
            @Override public String range_action() { return get("range.action", "off"); }
            @Override public String range_min() { return get("range.min", ""); }
            @Override public String range_max() { return get("range.max", ""); }
            @Override public int outlier_window() { return get("outlier.window", 0); }
            @Override public double outlier_threshold() { return get("outlier.threshold", 3.0); }
            @Override public String deadband_mode() { return get("deadband.mode", "off"); }
            @Override public double deadband_band() { return get("deadband.band", 0.0); }
            @Override public long deadband_heartbeat_seconds() { return get("deadband.heartbeat.seconds", 900L); }
            @Override public long interval_seconds() { return get("interval.seconds", 0L); }
            @Override public long aggregate_window_seconds() { return get("aggregate.window.seconds", 0L); }
            @Override public String aggregate_functions() { return get("aggregate.functions", "mean"); }
        };
    }

    @Test
    void defaultsMeanNoFilter() {
        SensorFilterOverride o = new SensorFilterOverride(config(Map.of()));
        assertThat(o.filters()).isEmpty();
        assertThat(o.key()).isEqualTo(new ChannelKey("s1", "t"));
    }

    @Test
    void activationFailsNamingPidAttributeAndValue() {
        assertThatThrownBy(() -> new SensorFilterOverride(config(Map.of("interval.seconds", -5L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("io.cityhub.filter.SensorFilterOverride: attribute 'interval.seconds' has invalid value"
                        + " '-5'; expected between 0 and 86400");
        assertThatThrownBy(() -> new SensorFilterOverride(config(Map.of("sensor.id", " "))))
                .hasMessage("io.cityhub.filter.SensorFilterOverride: attribute 'sensor.id' has invalid value ' ';"
                        + " expected a non-empty name");
        assertThatThrownBy(() -> new SensorFilterOverride(config(Map.of("deadband.heartbeat.seconds", 0L))))
                .hasMessage("io.cityhub.filter.SensorFilterOverride: attribute 'deadband.heartbeat.seconds' has"
                        + " invalid value '0'; expected between 1 and 604800");
        assertThatThrownBy(() -> new SensorFilterOverride(config(Map.of("outlier.threshold", 0.4))))
                .hasMessage("io.cityhub.filter.SensorFilterOverride: attribute 'outlier.threshold' has invalid value"
                        + " '0.4'; expected a number between 0.5 and 100.0");
        assertThatThrownBy(() -> new SensorFilterOverride(config(Map.of("range.action", "flag", "range.max", "x"))))
                .hasMessageContaining("attribute 'range.max' has invalid value 'x'");
    }

    @Test
    void attributesBecomeTheChainInItsFixedOrder() {
        SensorFilterOverride o = new SensorFilterOverride(config(Map.of("aggregate.window.seconds", 300L,
                "deadband.mode", "percent", "deadband.band", 2.5, "range.action", "drop", "range.max", "85",
                "unit.to", "Cel")));
        assertThat(o.filters()).extracting(FilterSpec::type).containsExactly("unit", "range", "deadband",
                "aggregate");
        ChainSpec spec = new ChainParser("x").parse(o.filters(), null);
        assertThat(spec.range().max()).isEqualTo(85);
        assertThat(spec.deadband().band()).isEqualTo(2.5);
        assertThat(spec.aggregate().windowMillis()).isEqualTo(300_000);
    }
}
