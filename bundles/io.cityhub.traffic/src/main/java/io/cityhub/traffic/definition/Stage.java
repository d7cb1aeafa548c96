package io.cityhub.traffic.definition;

import java.util.List;

/**
 * A set of mutually compatible signal groups that are green together.
 *
 * @param index position in the cyclic stage order, 0-based
 * @param name the stage's name
 * @param groups indices of its groups, in definition order
 * @param mask bit {@code i} set when group {@code i} belongs to the stage
 */
public record Stage(int index, String name, List<Integer> groups, long mask) {

    /**
     * @param group a group index
     * @return true when the group is green in this stage
     */
    public boolean contains(int group) {
        return (mask & (1L << group)) != 0;
    }
}
