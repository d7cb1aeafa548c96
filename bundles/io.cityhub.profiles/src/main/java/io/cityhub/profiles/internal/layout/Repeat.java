package io.cityhub.profiles.internal.layout;

import java.util.List;

/**
 * A variable number of records, read in sequence at the cursor: as many as the raw value of a field read before (a
 * record count). The layout declares up to a maximum number of records; iteration i (from 1) has its own steps, in
 * which {@code {n}} of the profile was replaced by i (channel {@code region_{n}} becomes {@code region_1}, ...).
 *
 * @param count the name of the field holding the number of records
 * @param iterations the steps of record 1, 2, ... up to the maximum
 */
record Repeat(String count, List<List<Step>> iterations) implements Step {

    Repeat {
        iterations = iterations.stream().map(List::copyOf).toList();
    }
}
