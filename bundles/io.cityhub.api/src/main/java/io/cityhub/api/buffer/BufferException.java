package io.cityhub.api.buffer;

/** The outbox could not take readings; none of the readings in the failed call is durable. */
public class BufferException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, for a technician
     * @param cause the underlying failure, or null
     */
    public BufferException(String message, Throwable cause) {
        super(message, cause);
    }
}
