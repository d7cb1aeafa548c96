package io.cityhub.api.buffer;

/**
 * The outbox is at its configured bound and its full policy is to reject new readings. Sources answer with
 * "try later" (CoAP 5.03).
 */
public final class BufferFullException extends BufferException {

    private static final long serialVersionUID = 1L;

    /** @param message the bound that was reached */
    public BufferFullException(String message) {
        super(message, null);
    }
}
