package io.cityhub.profiles.internal.layout;

import java.util.List;
import java.util.Map;

/**
 * Type-length-value style records repeated to the end of the payload: a tag of {@code tagSize} bytes, then the
 * steps registered for that tag (which know their own size). An unknown tag is a decode error: the size of what
 * follows is unknown, so nothing after it can be trusted.
 *
 * @param tagSize bytes of the tag, 1 or 2, big-endian
 * @param entries steps by tag
 */
record TlvList(int tagSize, Map<Long, List<Step>> entries) implements Step {

    TlvList {
        entries = Map.copyOf(entries);
    }
}
