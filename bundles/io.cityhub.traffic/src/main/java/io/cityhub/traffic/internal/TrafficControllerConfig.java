package io.cityhub.traffic.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** One intersection's signal controller (Kura web UI: "cityhub traffic-signal controller"), a factory component. */
@ObjectClassDefinition(id = TrafficController.PID, name = "cityhub traffic-signal controller",
        description = "Runs one intersection's signal controller and its independent conflict monitor, driving the"
                + " signal heads through the gateway's digital outputs.")
@interface TrafficControllerConfig {

    @AttributeDefinition(name = "Definition file",
            description = "The intersection definition (YAML). A relative path resolves against the cityhub data"
                    + " directory (framework property cityhub.data.dir); without it only absolute paths are taken."
                    + " Changing it restarts the intersection from its start-up sequence.")
    String definition_file();

    @AttributeDefinition(name = "Mode", options = {
        @Option(label = "Vehicle-actuated", value = TrafficOptions.MODE_ACTUATED),
        @Option(label = "Fixed-time", value = TrafficOptions.MODE_FIXED_TIME)},
            description = "Control mode. Changing it restarts the intersection from its start-up sequence.")
    String mode() default TrafficOptions.MODE_ACTUATED;

    @AttributeDefinition(name = "Plan", required = false,
            description = "Name of the fixed-time plan in the definition; required in fixed-time mode, ignored in"
                    + " actuated mode. Changing it restarts the intersection from its start-up sequence.")
    String plan() default "";

    @AttributeDefinition(name = "Tick period (ms)", min = "" + TrafficOptions.MIN_TICK_PERIOD_MS,
            max = "" + TrafficOptions.MAX_TICK_PERIOD_MS,
            description = "How often the tick thread wakes to run the controller steps that are due. The controller"
                    + " always advances in 100 ms steps on the clock; a shorter period lowers the jitter of each step.")
    int tick_period_ms() default TrafficOptions.MAX_TICK_PERIOD_MS;

    @AttributeDefinition(name = "Operator reset", required = false,
            description = "Operator reset: change this value (for example to the date and your name) to clear a"
                    + " latched flashing amber and restart the intersection from its start-up sequence. Do this only"
                    + " after inspecting the intersection.")
    String operator_reset() default "";
}
