package io.cityhub.forward.mqtt.internal.wire;

import java.io.IOException;

/** The broker answered CONNECT with a CONNACK return code other than 0 (MQTT 3.1.1 §3.2.2.3). */
public final class ConnectRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int returnCode;

    /**
     * @param broker the broker URI that refused
     * @param returnCode the CONNACK return code
     */
    public ConnectRefusedException(String broker, int returnCode) {
        super(broker + " refused the connection: CONNACK " + returnCode + " (" + reason(returnCode) + ")");
        this.returnCode = returnCode;
    }

    /** @return the CONNACK return code, 1–255 */
    public int returnCode() {
        return returnCode;
    }

    /** @return the meaning of a CONNACK return code (§3.2.2.3 Table 3.1) */
    public static String reason(int returnCode) {
        return switch (returnCode) {
            case 0 -> "accepted";
            case 1 -> "unacceptable protocol version";
            case 2 -> "client identifier rejected";
            case 3 -> "server unavailable";
            case 4 -> "bad user name or password";
            case 5 -> "not authorised";
            default -> "reserved return code";
        };
    }
}
