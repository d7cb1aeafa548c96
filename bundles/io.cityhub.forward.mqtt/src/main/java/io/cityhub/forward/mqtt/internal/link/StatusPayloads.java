package io.cityhub.forward.mqtt.internal.link;

/** The retained status messages the link publishes on the status topic: its one collaborator for them. */
public interface StatusPayloads {

    /** @return the state published on every connect */
    byte[] online();

    /** @return the last will, fixed at connect time, published by the broker when the connection is lost */
    byte[] connectionLost();

    /** @return the state published on a clean stop */
    byte[] shutdown();
}
