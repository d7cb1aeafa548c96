package io.cityhub.ingest.internal;

import io.cityhub.api.Reading;
import io.cityhub.api.health.SensorSighting;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The last accepted reading of each sensor channel, for the technician's status page. Bounded to {@code capacity}
 * channels: sensor ids come from the field, so a flood of made-up ids must not grow the heap; the channel heard
 * from longest ago is forgotten first.
 */
final class SensorActivityTracker {

    /** Enough for a busy gateway's real sensors (each with a few channels), small enough to render on one page. */
    static final int DEFAULT_CAPACITY = 1024;

    private final int capacity;
    private final LinkedHashMap<Key, SensorSighting> last;

    /** @param capacity how many sensor channels to keep, at least 1 */
    SensorActivityTracker(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        // access order: a channel heard again moves to the end, the eldest is the one heard from longest ago
        this.last = new LinkedHashMap<>(16, 0.75f, true);
    }

    /**
     * @param readings readings just made durable, not null
     * @param receivedAt when the gateway accepted them
     */
    synchronized void record(List<Reading> readings, Instant receivedAt) {
        for (Reading reading : readings) {
            Key key = new Key(reading.sensorId(), reading.channel());
            SensorSighting previous = last.get(key);
            long count = previous == null ? 1 : previous.readings() + 1;
            last.put(key, new SensorSighting(reading.sensorId(), reading.channel(), reading.value().canonical(),
                    reading.unit(), reading.timestamp(), receivedAt, count));
            if (last.size() > capacity) {
                Map.Entry<Key, SensorSighting> eldest = last.entrySet().iterator().next();
                last.remove(eldest.getKey());
            }
        }
    }

    /** @return every kept channel, most recently received first */
    synchronized List<SensorSighting> sightings() {
        List<SensorSighting> all = new ArrayList<>(last.values());
        all.sort(Comparator.comparing(SensorSighting::receivedAt).reversed()
                .thenComparing(SensorSighting::sensorId).thenComparing(SensorSighting::channel));
        return all;
    }

    private record Key(String sensorId, String channel) {
    }
}
