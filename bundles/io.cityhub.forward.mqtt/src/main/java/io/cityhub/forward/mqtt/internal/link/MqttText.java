package io.cityhub.forward.mqtt.internal.link;

import java.util.Optional;

/**
 * The characters an MQTT 3.1.1 UTF-8 string (a topic) may not hold: U+0000 and unpaired surrogates are forbidden
 * (§1.5.3), and Paho's encoder also refuses the control characters U+0001–U+001F and U+007F–U+009F, which §1.5.3
 * allows a receiver to refuse. Paho finds them only on its sender thread and then drops the whole connection, so
 * the uplink checks a topic before it publishes.
 */
public final class MqttText {

    private MqttText() {
    }

    /** @return why {@code text} cannot be an MQTT string (first offending character), or empty */
    public static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
                return Optional.of(String.format("holds control character U+%04X at index %d", (int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format("holds an unpaired surrogate U+%04X at index %d", (int) c, i));
            }
        }
        return Optional.empty();
    }

    /**
     * @param text any text, not null
     * @param maxChars longest result before it is cut (with its full length noted)
     * @return the text with control characters and unpaired surrogates as {@code \\uXXXX}, safe for logs and events
     */
    public static String printable(String text, int maxChars) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxChars) + 16);
        for (int i = 0; i < text.length() && out.length() < maxChars; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (c <= 0x1F || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.length() < maxChars ? out.toString() : out + "... (" + text.length() + " chars)";
    }
}
