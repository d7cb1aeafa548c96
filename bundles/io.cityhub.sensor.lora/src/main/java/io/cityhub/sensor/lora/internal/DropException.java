package io.cityhub.sensor.lora.internal;

/** Why an uplink or join was not taken: its {@link #reason()} is the metric key, the message the log line. */
final class DropException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String reason;

    DropException(String reason, String message) {
        super(message);
        this.reason = reason;
    }

    DropException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** @return the metric key, e.g. {@code bad_mic}, {@code replay} */
    String reason() {
        return reason;
    }
}
