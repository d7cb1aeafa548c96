package io.cityhub.profiles.internal.layout;

/**
 * One value a layout produced.
 *
 * @param channel the profile channel, never null
 * @param number the value, when {@code bool} and {@code text} are null
 * @param bool the value of a {@code bool} field, else null
 * @param text the label of a field with labels, else null
 */
public record DecodedValue(String channel, double number, Boolean bool, String text) {
}
