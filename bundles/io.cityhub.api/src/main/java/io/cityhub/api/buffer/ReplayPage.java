package io.cityhub.api.buffer;

import io.cityhub.api.Reading;
import java.util.List;

/**
 * One page of replayed readings.
 *
 * @param readings the readings in this page, by timestamp; never null, may be empty
 * @param nextCursor pass it in the next query to continue, or null when this is the last page
 */
public record ReplayPage(List<Reading> readings, String nextCursor) {

    /** Copies {@code readings}. */
    public ReplayPage {
        readings = List.copyOf(readings);
    }
}
