package io.cityhub.api;

import java.util.Objects;

/**
 * The value of a reading: a number, a boolean or a text, mirroring SenML's {@code v}, {@code vb} and
 * {@code vs} (RFC 8428 §4.2).
 */
public sealed interface ReadingValue
        permits ReadingValue.NumberValue, ReadingValue.BooleanValue, ReadingValue.TextValue {

    /**
     * @param value a finite number
     * @return the number as a reading value
     * @throws IllegalArgumentException if {@code value} is NaN or infinite
     */
    static ReadingValue of(double value) {
        return new NumberValue(value);
    }

    /**
     * @param value the flag
     * @return the boolean as a reading value
     */
    static ReadingValue of(boolean value) {
        return new BooleanValue(value);
    }

    /**
     * @param value the text, not null
     * @return the text as a reading value
     */
    static ReadingValue of(String value) {
        return new TextValue(value);
    }

    /** @return a canonical text form, stable across releases (used for deterministic ids and logs) */
    String canonical();

    /** A numeric value; always finite. */
    record NumberValue(double value) implements ReadingValue {
        /** @throws IllegalArgumentException if the value is NaN or infinite */
        public NumberValue {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("reading value must be finite, was " + value);
            }
        }

        @Override
        public String canonical() {
            return Double.toString(value);
        }
    }

    /** A boolean value (door open, pump running, button pressed). */
    record BooleanValue(boolean value) implements ReadingValue {
        @Override
        public String canonical() {
            return Boolean.toString(value);
        }
    }

    /** A text value (a state name, a firmware version). */
    record TextValue(String value) implements ReadingValue {
        /** @throws NullPointerException if the value is null */
        public TextValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String canonical() {
            return value;
        }
    }
}
