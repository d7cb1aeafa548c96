package io.cityhub.clock.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Clock state (Kura web UI: "cityhub clock state"). Every min/max is a {@link ClockOptions} constant, the same one
 * activation checks. No attribute may be empty, so all are required (Kura's default).
 */
@ObjectClassDefinition(id = SystemClockState.PID, name = "cityhub clock state",
        description = "Tells sources whether the gateway clock is synchronised: from timedatectl (NTPSynchronized) or"
                + " chronyc (Leap status) where one answers, from the override below otherwise.")
@interface ClockStateConfig {

    /** Shown with every attribute. */
    String LIVE = " Applies at once, without a restart.";

    @AttributeDefinition(name = "Synchronised when no tool answers",
            description = "The clock state used while neither timedatectl nor chronyc answers (no systemd, no"
                    + " chrony), e.g. on a gateway whose clock is set by GNSS." + LIVE)
    boolean override_synchronised() default false;

    @AttributeDefinition(name = "Probe interval (s)", min = "" + ClockOptions.MIN_PROBE_INTERVAL_SECONDS,
            max = "" + ClockOptions.MAX_PROBE_INTERVAL_SECONDS,
            description = "How often the clock state is read from the system." + LIVE)
    int probe_interval_seconds() default 30;

    @AttributeDefinition(name = "Probe timeout (ms)", min = "" + ClockOptions.MIN_PROBE_TIMEOUT_MILLIS,
            max = "" + ClockOptions.MAX_PROBE_TIMEOUT_MILLIS,
            description = "How long one tool may take to answer before it is killed and counted as not answering."
                    + LIVE)
    int probe_timeout_millis() default 2000;
}
