package io.cityhub.forward.mqtt.internal.link;

import io.cityhub.forward.mqtt.internal.wire.PacketCodec;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The characters an MQTT 3.1.1 UTF-8 string (a topic) may not hold: U+0000 and unpaired surrogates are forbidden
 * (§1.5.3), and the uplink also refuses the control characters U+0001–U+001F and U+007F–U+009F, which §1.5.3
 * allows a receiver to refuse (brokers differ; Paho, which the uplink used before, refused them). Everything here is
 * checked before a publish writes anything, so a refused topic never costs the connection.
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

    /**
     * The publish-time checks (§3.3.2.1, §4.7.3, §1.5.3): run before anything is written, so a refused message leaves
     * the connection as it was.
     *
     * @return the topic's UTF-8 bytes
     * @throws IllegalArgumentException if the topic is empty, holds a wildcard, U+0000, a control character or an
     *     unpaired surrogate, encodes to more than 65,535 bytes, or the packet would exceed the largest remaining
     *     length
     */
    public static byte[] publishTopic(String topic, int payloadBytes, int qos) {
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("MQTT topic is empty (§4.7.3)");
        }
        int wildcard = Math.max(topic.indexOf('+'), topic.indexOf('#'));
        if (wildcard >= 0) {
            throw new IllegalArgumentException("MQTT topic '" + printable(topic, 200) + "' holds wildcard '"
                    + topic.charAt(wildcard) + "' at index " + wildcard + " (§3.3.2.1)");
        }
        Optional<String> problem = problem(topic);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("MQTT topic '" + printable(topic, 200) + "' "
                    + problem.get() + " (§1.5.3)");
        }
        byte[] bytes = topic.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > PacketCodec.MAX_STRING_BYTES) {
            throw new IllegalArgumentException("MQTT topic of " + bytes.length + " UTF-8 bytes is longer than "
                    + PacketCodec.MAX_STRING_BYTES + " (§1.5.3)");
        }
        long remaining = 2L + bytes.length + (qos > 0 ? 2 : 0) + payloadBytes;
        if (remaining > PacketCodec.MAX_REMAINING_LENGTH) {
            throw new IllegalArgumentException("MQTT packet of " + remaining + " bytes (payload " + payloadBytes
                    + ") is larger than the protocol's " + PacketCodec.MAX_REMAINING_LENGTH + " (§2.2.3)");
        }
        return bytes;
    }
}
