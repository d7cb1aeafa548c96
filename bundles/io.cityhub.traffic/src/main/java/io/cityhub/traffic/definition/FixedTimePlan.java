package io.cityhub.traffic.definition;

import java.util.List;

/**
 * A fixed-time plan: each stage gets its split as green, stages follow in definition order, and the first stage
 * starts green on a cycle boundary, {@code offset} after each multiple of {@code cycle} since the epoch.
 *
 * @param name the plan's name
 * @param cycle cycle length, tenths
 * @param offset offset of the first stage's green start in the cycle, tenths, {@code 0 <= offset < cycle}
 * @param splits green duration per stage index, tenths
 */
public record FixedTimePlan(String name, int cycle, int offset, List<Integer> splits) {
}
