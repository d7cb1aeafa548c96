package io.cityhub.api.traffic;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An intersection's signal phase and timing at one controller tick.
 *
 * @param intersection the intersection's name from its definition; not null
 * @param at the tick's time (the TimeMarks of {@code movements} count from this time's hour); not null
 * @param movements one entry per signal group, in definition order; not null, unmodifiable
 */
public record SignalTiming(String intersection, Instant at, List<MovementTiming> movements) {

    /** @throws NullPointerException if a component is null */
    public SignalTiming {
        Objects.requireNonNull(intersection, "intersection");
        Objects.requireNonNull(at, "at");
        movements = List.copyOf(movements);
    }
}
