package io.cityhub.forward.mqtt.internal.wire;

import java.io.IOException;

/** What arrived is not an MQTT 3.1.1 packet the client accepts; the connection is closed with this as its cause. */
public final class MalformedPacketException extends IOException {

    private static final long serialVersionUID = 1L;

    /** @param reason what is wrong, with the offending value */
    public MalformedPacketException(String reason) {
        super(reason);
    }
}
