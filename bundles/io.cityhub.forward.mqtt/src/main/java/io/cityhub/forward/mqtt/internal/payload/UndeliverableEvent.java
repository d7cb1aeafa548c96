package io.cityhub.forward.mqtt.internal.payload;

import io.cityhub.api.Reading;
import java.util.Map;
import java.util.Optional;

/**
 * The SAFETY event about a reading the uplink set aside as undeliverable (bundle README): channel {@value #CHANNEL},
 * and source attributes naming the reading, the sensor and the reason, which every payload format carries as
 * extension fields.
 */
public final class UndeliverableEvent {

    /** The channel of the event. */
    public static final String CHANNEL = "cityhub.undeliverable";

    private UndeliverableEvent() {
    }

    /** @return the reading id, sensor and reason an event carries, or empty if it is not such an event */
    public static Optional<Map<String, String>> fields(Reading reading) {
        Map<String, String> a = reading.source().attributes();
        if (!CHANNEL.equals(reading.channel()) || !a.containsKey("reading") || !a.containsKey("sensor")
                || !a.containsKey("reason")) {
            return Optional.empty();
        }
        return Optional.of(a);
    }
}
