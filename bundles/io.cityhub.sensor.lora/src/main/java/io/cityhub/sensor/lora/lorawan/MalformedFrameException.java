package io.cityhub.sensor.lora.lorawan;

/**
 * A LoRaWAN frame (or part of one) that cannot be parsed: too short, an unsupported version, fields that
 * contradict each other. Bad frames are normal traffic on a radio; callers count and drop them.
 */
public final class MalformedFrameException extends Exception {

    private static final long serialVersionUID = 1L;

    /** The class of defect, used as the metric key a technician sees. */
    public enum Reason {
        /** Fewer bytes than the frame type needs. */
        TRUNCATED,
        /** MHDR Major other than LoRaWAN R1. */
        UNSUPPORTED_VERSION,
        /** Fields that contradict each other (FOpts with FPort 0, a wrong join-accept length). */
        INVALID_FIELD,
        /** A MAC command whose payload is cut short. */
        BAD_MAC_COMMAND
    }

    private final Reason reason;

    /**
     * @param reason the class of defect, not null
     * @param message what is wrong, naming the field and value
     */
    public MalformedFrameException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** @return the class of defect; never null */
    public Reason reason() {
        return reason;
    }
}
