package io.cityhub.buffer.mapdb.internal;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.GapRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns lost readings into gap records, one per sensor, so missing data is explicit downstream. */
final class GapRecorder {

    private GapRecorder() {
    }

    /**
     * @param lost readings that are dropped; earlier gap records among them are not reported again (a gap about a
     *     gap would only feed itself), they are counted as drops only
     * @param reason why they are dropped
     * @param now when
     * @return gap readings for the {@code SAFETY} class; {@link ClockQuality#UNSYNCHRONISED} because the buffer
     *     cannot know whether the gateway clock is synchronised
     */
    static List<Reading> gaps(List<Reading> lost, String reason, Instant now) {
        Map<String, Instant[]> ranges = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Reading r : lost) {
            if (GapRecord.CHANNEL.equals(r.channel())) {
                continue;
            }
            Instant[] range = ranges.computeIfAbsent(r.sensorId(), s -> new Instant[] {r.timestamp(), r.timestamp()});
            if (r.timestamp().isBefore(range[0])) {
                range[0] = r.timestamp();
            }
            if (r.timestamp().isAfter(range[1])) {
                range[1] = r.timestamp();
            }
            counts.merge(r.sensorId(), 1L, Long::sum);
        }
        List<Reading> gaps = new ArrayList<>(ranges.size());
        ranges.forEach((sensor, range) -> gaps.add(new GapRecord(sensor, range[0], range[1], counts.get(sensor), reason)
                .toReading(now, ClockQuality.UNSYNCHRONISED)));
        return gaps;
    }
}
