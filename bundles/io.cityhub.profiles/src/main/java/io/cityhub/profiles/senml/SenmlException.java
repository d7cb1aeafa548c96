package io.cityhub.profiles.senml;

/** A payload that is not a well-formed SenML pack; the message says what is wrong and in which record. */
public final class SenmlException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, e.g. {@code record 2: 'v' must be a number, found a text string} */
    public SenmlException(String message) {
        super(message);
    }
}
