package io.cityhub.sensor.gpio.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One pin of the GPIO header (Kura web UI: "cityhub GPIO pin", a factory: one instance per wire). */
@ObjectClassDefinition(id = GpioPin.PID, name = "cityhub GPIO pin",
        description = "One wire on the gateway's GPIO header: a digital input (door contact, loop detector, push"
                + " button), a pulse counter (rain gauge, water meter) or an output (relay, signal head, pump)."
                + " Changes take effect by restarting the pin, which applies an output's safe state in between.")
@interface GpioPinConfig {

    @AttributeDefinition(name = "BCM pin", min = "" + GpioPinOptions.MIN_BCM, max = "" + GpioPinOptions.MAX_BCM,
            description = "Broadcom (BCM) GPIO number of the wire on the 40-pin header, e.g. 17 for header pin 11."
                    + " Two pins claiming the same number fail to start, naming both.")
    int bcm();

    @AttributeDefinition(name = "Role", description = "What the wire is.",
            options = {@Option(label = "Digital input (a reading on each change, and a heartbeat)", value = "input"),
                @Option(label = "Pulse counter (counts, rate and running total per window)", value = "counter"),
                @Option(label = "Output (relay), offered to other bundles as a digital output", value = "output")})
    String role() default "input";

    @AttributeDefinition(name = "Sensor or output id",
            description = "Sensor id of the readings (input, counter) or id of the digital output other bundles"
                    + " drive (output), e.g. door-cabinet or signal-north-red. Letters, digits, '.', '_' and '-',"
                    + " at most " + GpioPinOptions.MAX_ID_LENGTH + " characters.")
    String sensor_id();

    @AttributeDefinition(name = "Channel", required = false,
            description = "Channel of the readings; empty for the role's default: 'state' (input), 'count' (counter).")
    String channel() default "";

    @AttributeDefinition(name = "Unit", required = false,
            description = "Counter only: SenML unit of one scaled pulse, e.g. mm for a rain gauge, m3 for a water"
                    + " meter; empty for plain counts. The rate reading's unit is this unit per hour.")
    String unit() default "";

    @AttributeDefinition(name = "Scale", min = "" + GpioPinOptions.MIN_SCALE, max = "" + GpioPinOptions.MAX_SCALE,
            description = "Counter only: the value of one pulse in the unit, e.g. 0.2 (mm per tip of the bucket).")
    double scale() default 1.0;

    @AttributeDefinition(name = "Pull resistor",
            description = "Internal pull resistor of an input, counter or feedback pin.",
            options = {@Option(label = "Pull-up (contact to ground)", value = "up"),
                @Option(label = "Pull-down (contact to 3.3 V)", value = "down"),
                @Option(label = "None (external resistor or driven signal)", value = "none")})
    String pull() default "up";

    @AttributeDefinition(name = "Active level",
            description = "Electrical level that means on / closed / pulse: low for a contact to ground with"
                    + " pull-up, high otherwise. For outputs, the level that energises the relay.",
            options = {@Option(label = "Low", value = "low"), @Option(label = "High", value = "high")})
    String active_level() default "low";

    @AttributeDefinition(name = "Debounce (ms)", min = "0", max = "" + GpioPinOptions.MAX_DEBOUNCE_MS,
            description = "Input and counter: a change counts only once the level has been stable this long; 0 takes"
                    + " every edge. Contacts bounce for a few ms; a counter's debounce must stay below half its"
                    + " shortest pulse period.")
    int debounce_ms() default 20;

    @AttributeDefinition(name = "Heartbeat (s)", min = "0", max = "" + GpioPinOptions.MAX_HEARTBEAT_SECONDS,
            description = "Input only: also report the current state this often, so a silent wire is told from a"
                    + " quiet one; 0 reports changes only.")
    int heartbeat_seconds() default 300;

    @AttributeDefinition(name = "Counter window (s)", min = "1", max = "" + GpioPinOptions.MAX_WINDOW_SECONDS,
            description = "Counter only: length of a counting window. Each window yields the scaled count, the rate"
                    + " per hour and the running total.")
    int window_seconds() default 60;

    @AttributeDefinition(name = "Counter state folder", required = false,
            description = "Counter only: folder of the crash-safe running-total file. A relative folder lies under"
                    + " the gateway's data root (property cityhub.data.dir, else the bundle's storage area).")
    String state_dir() default "gpio-counters";

    @AttributeDefinition(name = "Safe state",
            description = "Output only: what the output does at start, when the pin stops and on any fault.",
            options = {@Option(label = "Off (inactive level)", value = "off"),
                @Option(label = "On (active level)", value = "on")})
    String safe_state() default "off";

    @AttributeDefinition(name = "Feedback BCM pin", min = "-1", max = "" + GpioPinOptions.MAX_BCM,
            description = "Output only: BCM number of an input wired to read the output back (relay contact), or -1"
                    + " for none. Read with the same pull and active level as the output.")
    int feedback_bcm() default -1;

    @AttributeDefinition(name = "Feedback settle time (ms)", min = "1",
            max = "" + GpioPinOptions.MAX_FEEDBACK_SETTLE_MS, type = AttributeType.INTEGER,
            description = "Output only: how long the feedback may disagree with the command before a mismatch event.")
    int feedback_settle_ms() default 200;
}
