package io.cityhub.profiles.internal.layout;

import java.util.List;

/**
 * Steps that apply together under one condition (a message type, an FPort).
 *
 * @param when when the steps apply
 * @param steps the steps, in order
 */
record Group(Condition when, List<Step> steps) implements Step {

    Group {
        steps = List.copyOf(steps);
    }
}
