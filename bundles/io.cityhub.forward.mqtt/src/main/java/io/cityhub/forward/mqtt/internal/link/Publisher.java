package io.cityhub.forward.mqtt.internal.link;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the rest of the uplink needs from the MQTT session: the delivery pipeline, request responses, undeliverable
 * reports and the health message all publish through it. {@link MqttLink} is the one implementation; unit tests use
 * fakes. No type of the MQTT client ({@code wire}) crosses this seam.
 */
public interface Publisher {

    /** @return true while the session is up */
    boolean isConnected();

    /** @return true once connected, false after the timeout or when closed */
    boolean awaitConnected(long timeout, TimeUnit unit) throws InterruptedException;

    /**
     * Publishes at QoS 1; exactly one of the callbacks runs, on the client's callback thread, when the broker's PUBACK
     * arrives or the delivery fails.
     *
     * @throws PublishException when the client refuses the message at once for the session's sake (not connected,
     *     in-flight limit reached); a refusal for what the message holds is an unchecked exception
     */
    void publish(String topic, byte[] payload, boolean retained, Runnable onAck, Consumer<Throwable> onFailure)
            throws PublishException;

    /** A publish was refused: the session may be gone without anyone having said so. */
    void suspectDown(Throwable cause);
}
