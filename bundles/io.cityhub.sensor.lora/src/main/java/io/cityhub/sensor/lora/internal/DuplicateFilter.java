package io.cityhub.sensor.lora.internal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers frames heard within a short window, so the same PHYPayload from a second antenna or concentrator is
 * dropped before it reaches counter checks (TTS lorawan-stack #4095, ChirpStack de-duplication). Bounded in size.
 * Used by the frame thread only.
 */
final class DuplicateFilter {

    /** Frames remembered at most; a concentrator delivers a few hundred per second. */
    static final int MAX_ENTRIES = 4096;

    private final Duration window;
    private final Map<ByteBuffer, Instant> seen = new LinkedHashMap<>();

    DuplicateFilter(Duration window) {
        this.window = window;
    }

    /** @return true if this frame was already heard within the window; otherwise remembers it */
    boolean isDuplicate(byte[] phy, Instant now) {
        if (window.isZero()) {
            return false;
        }
        Iterator<Instant> oldest = seen.values().iterator();
        while (oldest.hasNext()) {
            Instant t = oldest.next();
            if (seen.size() > MAX_ENTRIES || !now.isBefore(t.plus(window))) {
                oldest.remove();
            } else {
                break;
            }
        }
        ByteBuffer key = ByteBuffer.wrap(phy.clone());
        Instant first = seen.get(key);
        if (first != null && now.isBefore(first.plus(window))) {
            return true;
        }
        seen.remove(key);
        seen.put(key, now);
        return false;
    }
}
