package io.cityhub.profiles.internal.layout;

import java.util.List;

/**
 * A header bitmask says which sensor blocks follow: bit i of field {@code flags} (least significant first) set means
 * block i is present, in order, read at the cursor.
 *
 * @param flags the name of a field read earlier
 * @param blocks the blocks, block i selected by bit i
 */
record BitmaskBlocks(String flags, List<List<Step>> blocks) implements Step {

    BitmaskBlocks {
        blocks = blocks.stream().map(List::copyOf).toList();
    }
}
