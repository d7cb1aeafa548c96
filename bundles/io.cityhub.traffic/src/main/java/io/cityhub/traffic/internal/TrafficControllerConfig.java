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
            description = "The longest the tick thread sleeps. It wakes for each 100 ms controller step when it is due"
                    + " on the gateway's monotonic clock, and at least this often to watch the outputs before the"
                    + " start and in the safe state.")
    int tick_period_ms() default TrafficOptions.MAX_TICK_PERIOD_MS;

    @AttributeDefinition(name = "Tick thread real-time priority", min = "" + TrafficOptions.MIN_REALTIME_PRIORITY,
            max = "" + TrafficOptions.MAX_REALTIME_PRIORITY,
            description = "Linux SCHED_FIFO priority of the tick thread (1-99), so a gateway busy with sensor data"
                    + " never delays a signal step behind other work; 0 runs it at normal priority. Needs root or"
                    + " CAP_SYS_NICE (Kura runs as root); if refused, the thread runs at normal priority and the log"
                    + " and status say why. Changing it restarts the intersection from its start-up sequence.")
    int tick_realtime_priority() default TrafficOptions.DEFAULT_REALTIME_PRIORITY;

    @AttributeDefinition(name = "Operator reset", required = false,
            description = "Operator reset: change this value (for example to the date and your name) to clear a"
                    + " latched flashing amber and restart the intersection from its start-up sequence. Do this only"
                    + " after inspecting the intersection.")
    String operator_reset() default "";
}
