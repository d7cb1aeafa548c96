package io.cityhub.api.traffic;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An intersection's signal phase and timing at one controller tick.
 *
 * @param intersection the intersection's name from its definition; not null
 * @param at the tick's time (the TimeMarks of {@code movements} count from this time's hour); not null
 * @param movements one entry per signal group, in definition order; not null, unmodifiable
 */
public record SignalTiming(String intersection, Instant at, List<MovementTiming> movements) {

    /** @throws NullPointerException if a component is null */
    public SignalTiming {
        Objects.requireNonNull(intersection, "intersection");
        Objects.requireNonNull(at, "at");
        movements = List.copyOf(movements);
    }

    /**
     * The JSON document local consumers receive (the MQTT SPaT topic and the CoAP resource {@code /spat/<name>} serve
     * the same text): {@code {"intersection":"t-junction","timeStamp":"2026-12-01T04:20:31.100Z","movements":[
     * {"signalGroup":"main","eventState":"protected-Movement-Allowed","minEndTime":12040,"maxEndTime":36001,
     * "likelyTime":12310,"confidence":8}, …]}}: one object per signal group in definition order, the field names of
     * the SPaT profile's {@code MovementEvent}/{@code TimeChangeDetails}, TimeMarks as integers (tenths of a second
     * in the hour of {@code timeStamp}, 36001 = unknown) and {@code eventState} as its J2735 name
     * ({@link MovementTiming#eventStateName()}).
     *
     * @return the document, one line of text (send it as UTF-8)
     */
    public String toJson() {
        StringBuilder b = new StringBuilder(64 + movements.size() * 140);
        b.append("{\"intersection\":");
        quote(b, intersection);
        b.append(",\"timeStamp\":\"").append(at).append("\",\"movements\":[");
        for (int i = 0; i < movements.size(); i++) {
            MovementTiming m = movements.get(i);
            b.append(i == 0 ? "" : ",").append("{\"signalGroup\":");
            quote(b, m.signalGroup());
            b.append(",\"eventState\":\"").append(m.eventStateName()).append("\",\"minEndTime\":")
                    .append(m.minEndTime()).append(",\"maxEndTime\":").append(m.maxEndTime())
                    .append(",\"likelyTime\":").append(m.likelyTime()).append(",\"confidence\":")
                    .append(m.confidence()).append('}');
        }
        return b.append("]}").toString();
    }

    /** A JSON string (RFC 8259 §7): quote, backslash and control characters escaped. */
    private static void quote(StringBuilder b, String text) {
        b.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}
