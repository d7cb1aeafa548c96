package io.cityhub.api.buffer;

/**
 * The outbox is behind: more readings wait for a commit than it queues, because they arrive faster than the store
 * writes them. Nothing of this append was stored; sources answer "try later" (CoAP 5.03 with Max-Age), as for a full
 * outbox. Safety-class readings are never refused this way.
 */
public final class BufferBusyException extends BufferException {

    private static final long serialVersionUID = 1L;

    /** @param message how far behind the outbox is */
    public BufferBusyException(String message) {
        super(message, null);
    }
}
