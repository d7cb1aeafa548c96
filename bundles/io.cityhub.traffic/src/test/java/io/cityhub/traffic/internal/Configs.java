package io.cityhub.traffic.internal;

import java.lang.annotation.Annotation;

/** Configurations as DS would hand them to the component. */
final class Configs {

    private Configs() {
    }

    static TrafficControllerConfig config(String file, String mode, String plan, int periodMs, String reset) {
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
            public String operator_reset() {
                return reset;
            }
        };
    }
}
