package io.cityhub.forward.mqtt.internal.link;

/**
 * A message was not accepted for sending because of the session (not connected, in-flight limit, no response slot
 * free): the uplink's own failure type at the link seam, so that the MQTT client's exception stays inside this
 * package. The cause, when there is one, is the client's exception.
 */
public final class PublishException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param reason what went wrong, for logs */
    public PublishException(String reason) {
        super(reason);
    }

    PublishException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
