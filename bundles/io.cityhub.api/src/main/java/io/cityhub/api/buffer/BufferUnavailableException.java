package io.cityhub.api.buffer;

/**
 * The outbox cannot write at all: the disk is full, the store is being recovered, or it is closed. Appends
 * resume by themselves when the cause goes away.
 */
public final class BufferUnavailableException extends BufferException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message why, for a technician
     * @param cause the underlying I/O failure, or null
     */
    public BufferUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
