package io.cityhub.sensor.gpio.internal;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

/** Builds {@link GpioPinConfig} instances as ConfigAdmin would: given attributes, the rest at their defaults. */
final class PinConfigs {

    private final Map<String, Object> values = new HashMap<>();

    private PinConfigs(String role, int bcm, String sensorId) {
        values.put("role", role);
        values.put("bcm", bcm);
        values.put("sensor_id", sensorId);
    }

    static PinConfigs input(int bcm) {
        return new PinConfigs("input", bcm, "door-" + bcm);
    }

    static PinConfigs counter(int bcm) {
        return new PinConfigs("counter", bcm, "rain-" + bcm);
    }

    static PinConfigs output(int bcm) {
        return new PinConfigs("output", bcm, "relay-" + bcm);
    }

    /** @param method the annotation method name, e.g. {@code debounce_ms} */
    PinConfigs with(String method, Object value) {
        values.put(method, value);
        return this;
    }

    GpioPinConfig config() {
        return (GpioPinConfig) Proxy.newProxyInstance(GpioPinConfig.class.getClassLoader(),
                new Class<?>[] {GpioPinConfig.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getDefaultValue() != null) {
                        return method.getDefaultValue();
                    }
                    throw new IllegalStateException("no value for " + method.getName());
                });
    }

    GpioPinOptions options() {
        return GpioPinOptions.from(config());
    }
}
