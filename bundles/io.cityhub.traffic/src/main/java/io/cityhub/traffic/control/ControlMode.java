package io.cityhub.traffic.control;

/** How the controller decides when a stage ends. */
public enum ControlMode {
    /** Splits of a fixed-time plan, stages in order, first stage on the cycle boundary. */
    FIXED_TIME,
    /** Vehicle-actuated: calls, extensions, gap-out, max-out, recall and priority requests. */
    ACTUATED
}
