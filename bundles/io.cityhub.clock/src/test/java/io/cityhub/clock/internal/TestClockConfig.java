package io.cityhub.clock.internal;

import java.lang.annotation.Annotation;

/** A {@link ClockStateConfig} with chosen values, as SCR would build it. */
record TestClockConfig(boolean override_synchronised, int probe_interval_seconds, int probe_timeout_millis)
        implements ClockStateConfig {

    static TestClockConfig defaults() {
        return new TestClockConfig(false, 30, 2000);
    }

    @Override
    public Class<? extends Annotation> annotationType() {
        return ClockStateConfig.class;
    }
}
