package io.cityhub.sensor.lora.gwmp;

/** A datagram or rxpk entry that does not follow the Semtech UDP protocol v2; dropped and counted by reason. */
public final class GwmpException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The class of defect, the metric key a technician sees. */
    public enum Reason {
        /** Shorter than its header. */
        TRUNCATED,
        /** Protocol version other than 1 or 2. */
        UNKNOWN_VERSION,
        /** An identifier a gateway never sends. */
        UNKNOWN_TYPE,
        /** The JSON part is not JSON, or not the expected shape. */
        BAD_JSON,
        /** An rxpk {@code data} that is not standard base64, or does not match its size. */
        BAD_BASE64
    }

    private final Reason reason;

    /**
     * @param reason the class of defect, not null
     * @param message what is wrong
     */
    public GwmpException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return the class of defect; never null */
    public Reason reason() {
        return reason;
    }
}
