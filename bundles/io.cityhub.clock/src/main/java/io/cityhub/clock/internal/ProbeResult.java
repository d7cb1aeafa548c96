package io.cityhub.clock.internal;

import java.util.Objects;

/**
 * What one look at the operating system found.
 *
 * @param source the tool that answered ({@code timedatectl}, {@code chronyc}) or {@code none}
 * @param synchronised whether it reports the clock synchronised; null when no tool answered
 */
record ProbeResult(String source, Boolean synchronised) {

    /** The result when no tool answered. */
    static final ProbeResult NONE = new ProbeResult("none", null);

    ProbeResult {
        Objects.requireNonNull(source, "source");
    }

    /** @return whether a tool answered */
    boolean answered() {
        return synchronised != null;
    }
}
