package io.cityhub.traffic.internal;

import java.lang.annotation.Annotation;

/** Configurations as DS would hand them to the component. */
final class Configs {

    private Configs() {
    }

    static TrafficControllerConfig config(String file, String mode, String plan, int periodMs, String reset) {
        return config(file, mode, plan, periodMs, 0, reset);
    }

    /** @param priority the tick thread's real-time priority; 0 (normal) in the other configurations */
    static TrafficControllerConfig config(String file, String mode, String plan, int periodMs, int priority,
            String reset) {
        return new TrafficControllerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return TrafficControllerConfig.class;
            }

            @Override
            public String definition_file() {
                return file;
            }

            @Override
            public String mode() {
                return mode;
            }

            @Override
            public String plan() {
                return plan;
            }

            @Override
            public int tick_period_ms() {
                return periodMs;
            }

            @Override
            public int tick_realtime_priority() {
                return priority;
            }

            @Override
            public String operator_reset() {
                return reset;
            }
        };
    }
}
