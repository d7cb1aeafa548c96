package io.cityhub.traffic.control;

/** What a signal group shows. */
public enum Aspect {
    /** Stop. */
    RED,
    /** Stop unless too close to stop safely; follows every green of a group with an amber lamp. */
    AMBER,
    /** Go. */
    GREEN,
    /** Pedestrians: do not start crossing, finish crossing; follows the steady green. */
    FLASHING_GREEN,
    /** Pass with caution, priority rules apply: start-up and failure operation (KB 1-12-1975 art. 64.1). */
    FLASHING_AMBER,
    /** Lamps off: pedestrian heads in flashing-amber operation. */
    DARK;

    /** @return the name used in timelines, e.g. {@code flashing-green} */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
