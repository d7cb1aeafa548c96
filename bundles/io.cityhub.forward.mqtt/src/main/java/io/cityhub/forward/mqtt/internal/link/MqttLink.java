package io.cityhub.forward.mqtt.internal.link;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one MQTT session with the platform's broker (Paho async client, MQTT 3.1.1). Reconnects by itself with
 * exponential backoff and jitter, and logs each change of state once: an outage is a state, not a stream of errors.
 *
 * <p>Persistent session (MQTT 3.1.1 §3.1.2.4: client id = gateway id, CleanSession = 0, request subscription at
 * QoS 1), so the broker keeps the platform's requests for the gateway while the link is down and delivers them on
 * reconnect. Outgoing data is another matter: the buffer is the durable store, so when the link drops, the telemetry
 * and event messages Paho still holds are removed from its in-flight state ({@link PahoClients#forgetDataMessages})
 * after the caller released their batches; Paho would otherwise resend them on reconnect (§4.4) alongside the released
 * batches, and a late PUBACK for one must not complete anything. Paho's state lives in memory
 * ({@link MemoryPersistence}): after a restart the buffer redelivers what was not acknowledged, and the broker still
 * holds the session.
 */
public final class MqttLink implements MqttCallback, Publisher {

    /** What the owner hears from the link. Called on Paho's or the timer's thread; must not block. */
    public interface Listener {
        /** The session is up (subscribed, online status published). */
        void connected();

        /** The session went down (or was abandoned); called while the state is already DOWN. */
        void connectionLost(Throwable cause);

        /** A message arrived on the request subscription. */
        void messageArrived(String topic, byte[] payload);
    }

    /** Extra Paho in-flight slots beyond the data window, for status, health and responses. */
    public static final int CONTROL_WINDOW = 8;
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    static final long OPERATION_TIMEOUT_MILLIS = 10_000;

    private final LinkSettings settings;
    private final Topics topics;
    private final ScheduledExecutorService timer;
    private final Backoff backoff;
    private final Listener listener;
    private final StatusPayloads status;
    private final MqttAsyncClient client;
    private final MqttConnectOptions connectOptions;
    private final LinkState state = new LinkState();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile String serverUri;

    /**
     * @param settings validated settings
     * @param timer runs connection attempts and their backoff
     * @param listener hears of state changes and requests
     * @param status the retained status messages (online on connect, the last will, offline on a clean stop)
     * @throws IllegalArgumentException if the MQTT client refuses the first broker URI or the client id (the
     *     component's options check both first, so this means a check is missing there)
     */
    public MqttLink(LinkSettings settings, Topics topics, ScheduledExecutorService timer, Backoff backoff,
            Listener listener, StatusPayloads status) {
        this.settings = settings;
        this.topics = topics;
        this.timer = timer;
        this.backoff = backoff;
        this.listener = listener;
        this.status = status;
        try {
            client = new MqttAsyncClient(settings.brokerUris().get(0), settings.gatewayId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("MQTT client refused broker '" + settings.brokerUris().get(0)
                    + "' or client id '" + settings.gatewayId() + "': " + e.getMessage(), e);
        }
        client.setCallback(this);
        connectOptions = PahoClients.connectOptions(settings, topics.status(), status.connectionLost());
    }

    /** Starts connecting (on the timer). */
    public void start() {
        timer.execute(this::attempt);
    }

    @Override
    public boolean isConnected() {
        return state.is(LinkState.State.UP);
    }

    @Override
    public boolean awaitConnected(long timeout, TimeUnit unit) throws InterruptedException {
        return state.awaitUp(timeout, unit);
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained, Runnable onAck, Consumer<Throwable> onFailure)
            throws PublishException {
        try {
            client.publish(topic, payload, 1, retained, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    onAck.run();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable cause) {
                    onFailure.accept(cause);
                }
            });
        } catch (MqttException e) {
            throw new PublishException(e.getMessage() + " (reason " + e.getReasonCode() + ")", e);
        }
    }

    /**
     * Publishes at QoS 0, not retained (real-time data such as SPaT, which nothing redelivers), and waits until Paho
     * has written it to the socket.
     *
     * @throws PublishException when Paho refuses it (not connected, in-flight limit) or has not written it within
     *     the timeout
     */
    public void publishAtMostOnce(String topic, byte[] payload, long timeoutMillis) throws PublishException {
        try {
            client.publish(topic, payload, 0, false).waitForCompletion(timeoutMillis);
        } catch (MqttException e) {
            throw new PublishException(e.getMessage() + " (reason " + e.getReasonCode() + ")", e);
        }
    }

    /** @return completed connections since start */
    public long connects() {
        return connects.get();
    }

    /** @return the broker of the current or last connection, or null before the first (Paho's getter fails then) */
    public String serverUri() {
        return serverUri;
    }

    private void attempt() {
        if (state.is(LinkState.State.CLOSED)) {
            return;
        }
        try {
            client.connect(connectOptions).waitForCompletion(OPERATION_TIMEOUT_MILLIS);
            // subscribed again on every connection: harmless in a kept session, needed when the broker lost it
            client.subscribe(topics.requestFilter(), 1).waitForCompletion(OPERATION_TIMEOUT_MILLIS);
            // the kept session may hold the wider filter of earlier versions; unsubscribing one it lacks is harmless
            client.unsubscribe(topics.formerRequestFilter()).waitForCompletion(OPERATION_TIMEOUT_MILLIS);
            client.publish(topics.status(), status.online(), 1, true);
        } catch (MqttException e) {
            failedAttempt(e);
            return;
        }
        LinkState.State previous = state.toUp();
        if (previous == LinkState.State.CLOSED) {
            return;
        }
        connects.incrementAndGet();
        serverUri = client.getCurrentServerURI();
        backoff.reset();
        LOG.info("uplink connected to {} as {}{}", serverUri, settings.gatewayId(),
                previous != LinkState.State.DOWN ? "" : failedAttempts.get() == 0 ? " again"
                        : " again after " + failedAttempts.get() + " failed attempts");
        failedAttempts.set(0);
        listener.connected();
    }

    private void failedAttempt(MqttException e) {
        failedAttempts.incrementAndGet();
        LinkState.State previous = state.toDown();
        if (previous == LinkState.State.CLOSED) {
            return;
        }
        boolean firstFailure = previous != LinkState.State.DOWN;
        if (client.isConnected()) {
            disconnectQuietly(); // connected but the subscription failed: start over cleanly
        }
        long delay = backoff.nextDelayMillis();
        if (firstFailure) {
            LOG.warn("uplink cannot connect to {}: {} (reason {}{}); retrying with backoff, logging recovery only",
                    settings.brokerUris(), e.getMessage(), e.getReasonCode(),
                    e.getCause() == null ? "" : ", " + e.getCause());
        } else {
            LOG.debug("uplink connect attempt failed: {}; next in {} ms", e.getMessage(), delay);
        }
        schedule(delay);
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (state.upToDown() != LinkState.State.UP) {
            return;
        }
        LOG.warn("uplink lost connection to the broker: {}; reconnecting with backoff", String.valueOf(cause));
        listener.connectionLost(cause);
        PahoClients.forgetDataMessages(client, topics);
        schedule(backoff.nextDelayMillis());
    }

    /** A publish was refused: if Paho is no longer connected, treat it as a lost connection (covers a drop that
     *  raced with connecting, which Paho reports to nobody). */
    @Override
    public void suspectDown(Throwable cause) {
        if (!client.isConnected()) {
            connectionLost(cause);
        }
    }

    /**
     * Gives up a connection that is up but useless (the broker stopped acknowledging). The owner hears
     * {@link Listener#connectionLost} first, while the state is already DOWN, so nothing new is published and what is
     * outstanding is released before the socket goes; then the TCP connection is dropped without DISCONNECT (the
     * broker publishes the last will: the gateway did lose its connection) and the usual backoff reconnects.
     * The caller logs: this is its decision, not a failure Paho saw.
     *
     * @return false if the link was not up (nothing done)
     */
    public boolean abandon(Throwable cause) {
        if (state.upToDown() != LinkState.State.UP) {
            return false;
        }
        listener.connectionLost(cause);
        disconnectQuietly(false);
        PahoClients.forgetDataMessages(client, topics);
        schedule(backoff.nextDelayMillis());
        return true;
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        listener.messageArrived(topic, message.getPayload());
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // completion is handled per message through the IMqttActionListener given to publish
    }

    /** Publishes the retained offline state (when connected), then disconnects and frees the client. */
    public void close() {
        boolean wasUp = state.close() == LinkState.State.UP;
        try {
            if (wasUp && client.isConnected()) {
                client.publish(topics.status(), status.shutdown(), 1, true).waitForCompletion(2_000);
                client.disconnect(2_000).waitForCompletion(3_000);
            }
        } catch (MqttException e) {
            LOG.debug("uplink clean disconnect failed: {}", e.getMessage());
        }
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1_000);
            }
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("uplink close failed: {}", e.getMessage());
        }
    }

    /**
     * Drops the TCP connection without DISCONNECT, as a power cut or a dead cellular link would (tests).
     *
     * @throws PublishException if the client could not drop it
     */
    public void dropWithoutDisconnect() throws PublishException {
        try {
            client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException e) {
            throw new PublishException("forced disconnect failed: " + e.getMessage(), e);
        }
    }

    /** @return Paho's version, from the build ({@code versions.properties}; Paho's own constant is a placeholder) */
    public static String pahoVersion() {
        return PahoClients.version();
    }

    private void disconnectQuietly() {
        disconnectQuietly(true);
    }

    /** @param sendDisconnect false to drop the socket without DISCONNECT, so the broker publishes the last will */
    private void disconnectQuietly(boolean sendDisconnect) {
        try {
            client.disconnectForcibly(0, 1_000, sendDisconnect);
        } catch (MqttException e) {
            LOG.debug("uplink forced disconnect failed: {}", e.getMessage());
        }
    }

    private void schedule(long delayMillis) {
        if (state.is(LinkState.State.CLOSED)) {
            return;
        }
        try {
            timer.schedule(this::attempt, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("uplink reconnect not scheduled: shutting down");
        }
    }
}
