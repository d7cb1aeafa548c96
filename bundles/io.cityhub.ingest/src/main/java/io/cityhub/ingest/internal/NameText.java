package io.cityhub.ingest.internal;

import java.util.Optional;

/**
 * What a sensor id, channel or unit may hold. They become MQTT topic levels and SenML names downstream, and MQTT 3.1.1
 * §1.5.3 forbids U+0000 and unpaired surrogates in every UTF-8 string and lets a receiver refuse the control characters
 * U+0001–U+001F and U+007F–U+009F (the uplink's MQTT client refuses them in topics, as Paho did); no sensor needs them.
 */
final class NameText {

    private NameText() {
    }

    /**
     * @param text a name, not null
     * @return why it is unacceptable (the first offending character and its index), or empty if it is fine
     */
    static Optional<String> problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= 0x1F || (c >= 0x7F && c <= 0x9F)) {
                return Optional.of(String.format("holds control character U+%04X at index %d", (int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++; // a proper pair: one supplementary character
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format("holds an unpaired surrogate U+%04X at index %d", (int) c, i));
            }
        }
        return Optional.empty();
    }

    /**
     * @param text any text, not null
     * @return the text with control characters and unpaired surrogates written as {@code \\uXXXX}, so a receipt or
     *     a log line shows them instead of carrying them
     */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (pair) {
                out.append(c).append(text.charAt(++i));
            } else if (c <= 0x1F || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
