package io.cityhub.profiles.senml;

/** JSON text that {@link JsonValues#read(String)} refuses; the message says what and at which character offset. */
public final class MalformedJsonException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where */
    public MalformedJsonException(String message) {
        super(message);
    }
}
