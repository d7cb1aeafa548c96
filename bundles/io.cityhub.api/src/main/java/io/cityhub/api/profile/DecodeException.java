package io.cityhub.api.profile;

/**
 * A payload did not decode. Normal for field data: the caller counts it, logs it rate-limited and goes on.
 */
public final class DecodeException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String codecId;

    /**
     * @param codecId the codec that refused the payload, never null
     * @param message what is wrong, with the offset or field where known
     */
    public DecodeException(String codecId, String message) {
        super(codecId + ": " + message);
        this.codecId = codecId;
    }

    /** @return the codec that refused the payload */
    public String codecId() {
        return codecId;
    }
}
