package io.cityhub.traffic.internal;

import io.cityhub.traffic.control.ControlMode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Validated configuration of one intersection. Public only for tests; the package is not exported.
 *
 * @param definitionFile the intersection definition, absolute
 * @param mode fixed-time or actuated
 * @param plan the fixed-time plan's name; empty in actuated mode
 * @param tickPeriodMs how often the tick thread wakes, {@value #MIN_TICK_PERIOD_MS}..{@value #MAX_TICK_PERIOD_MS}
 * @param realtimePriority SCHED_FIFO priority of the tick thread, 1..{@value #MAX_REALTIME_PRIORITY}; 0 for normal
 * @param operatorReset the operator-reset token; a change of it requests a reset
 */
public record TrafficOptions(Path definitionFile, ControlMode mode, String plan, int tickPeriodMs,
        int realtimePriority, String operatorReset) {

    /** Metatype value of {@link ControlMode#ACTUATED}. */
    public static final String MODE_ACTUATED = "actuated";
    /** Metatype value of {@link ControlMode#FIXED_TIME}. */
    public static final String MODE_FIXED_TIME = "fixed-time";
    /** Shortest tick-thread period. */
    public static final int MIN_TICK_PERIOD_MS = 10;
    /** Longest tick-thread period: the controller's step, 100 ms (issue 13). */
    public static final int MAX_TICK_PERIOD_MS = 100;

    /** Lowest real-time priority: 0 is normal scheduling. */
    public static final int MIN_REALTIME_PRIORITY = 0;
    /** Highest real-time priority Linux gives SCHED_FIFO. */
    public static final int MAX_REALTIME_PRIORITY = 99;
    /** Default real-time priority: above every normal thread, below the kernel's interrupt threads (50). */
    public static final int DEFAULT_REALTIME_PRIORITY = 10;

    /** @throws NullPointerException if a component is null */
    public TrafficOptions {
        Objects.requireNonNull(definitionFile, "definitionFile");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(operatorReset, "operatorReset");
    }

    /**
     * @param config the configuration
     * @param dataDir value of the framework property {@code cityhub.data.dir}; null when not set
     * @return the validated options
     * @throws IllegalArgumentException naming the PID, attribute, value and what is allowed
     */
    static TrafficOptions from(TrafficControllerConfig config, String dataDir) {
        Path file = definitionFile(config.definition_file(), dataDir);
        ControlMode mode = switch (config.mode()) {
            case MODE_ACTUATED -> ControlMode.ACTUATED;
            case MODE_FIXED_TIME -> ControlMode.FIXED_TIME;
            default -> throw invalid("mode", config.mode(), MODE_ACTUATED + " or " + MODE_FIXED_TIME);
        };
        String plan = config.plan() == null ? "" : config.plan().trim();
        if (mode == ControlMode.FIXED_TIME && plan.isEmpty()) {
            throw invalid("plan", plan, "the name of a fixed-time plan of the definition in fixed-time mode");
        }
        int period = config.tick_period_ms();
        if (period < MIN_TICK_PERIOD_MS || period > MAX_TICK_PERIOD_MS) {
            throw invalid("tick.period.ms", period, "an integer from " + MIN_TICK_PERIOD_MS + " to "
                    + MAX_TICK_PERIOD_MS);
        }
        int priority = config.tick_realtime_priority();
        if (priority < MIN_REALTIME_PRIORITY || priority > MAX_REALTIME_PRIORITY) {
            throw invalid("tick.realtime.priority", priority, "an integer from " + MIN_REALTIME_PRIORITY + " to "
                    + MAX_REALTIME_PRIORITY);
        }
        String reset = config.operator_reset() == null ? "" : config.operator_reset();
        return new TrafficOptions(file, mode, mode == ControlMode.ACTUATED ? "" : plan, period, priority, reset);
    }

    private static Path definitionFile(String value, String dataDir) {
        String text = value == null ? "" : value.trim();
        String expected = "the path of an intersection definition file, absolute or relative to cityhub.data.dir";
        if (text.isEmpty()) {
            throw invalid("definition.file", text, expected);
        }
        try {
            Path path = Path.of(text);
            if (path.isAbsolute()) {
                return path.normalize();
            }
            if (dataDir == null || dataDir.isBlank()) {
                throw invalid("definition.file", text,
                        "an absolute path (the framework property cityhub.data.dir is not set)");
            }
            return Path.of(dataDir).resolve(path).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw invalid("definition.file", text, expected);
        }
    }

    /**
     * @param attribute the metatype attribute id
     * @param value the rejected value
     * @param expected what is allowed
     * @return the agreed configuration error
     */
    static IllegalArgumentException invalid(String attribute, Object value, String expected) {
        return new IllegalArgumentException(TrafficController.PID + ": attribute '" + attribute
                + "' has invalid value '" + value + "'; expected " + expected);
    }
}
