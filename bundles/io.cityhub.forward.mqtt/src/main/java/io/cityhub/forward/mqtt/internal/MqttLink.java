package io.cityhub.forward.mqtt.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
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
 * and event messages Paho still holds are removed from its in-flight state ({@link #forgetDataMessages()}) after the
 * caller released their batches; Paho would otherwise resend them on reconnect (§4.4) alongside the released
 * batches, and a late PUBACK for one must not complete anything. Paho's state lives in memory
 * ({@link MemoryPersistence}): after a restart the buffer redelivers what was not acknowledged, and the broker still
 * holds the session.
 */
final class MqttLink implements MqttCallback, DeliveryPipeline.Publisher, PubackWatchdog.Connection {

    /** What the owner hears from the link. Called on Paho's or the timer's thread; must not block. */
    interface Listener {
        void connected();

        void connectionLost(Throwable cause);

        void messageArrived(String topic, byte[] payload);
    }

    /** Extra Paho in-flight slots beyond the data window, for status, health and responses. */
    static final int CONTROL_WINDOW = 8;
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private static final long OPERATION_TIMEOUT_MILLIS = 10_000;

    private enum State { STARTING, UP, DOWN, CLOSED }

    private final MqttForwarderOptions options;
    private final Topics topics;
    private final ScheduledExecutorService timer;
    private final Backoff backoff;
    private final Listener listener;
    private final Supplier<byte[]> onlinePayload;
    private final Supplier<byte[]> offlinePayload;
    private final MqttAsyncClient client;
    private final MqttConnectOptions connectOptions;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private State state = State.STARTING;
    private volatile String serverUri;

    MqttLink(MqttForwarderOptions options, Topics topics, SSLSocketFactory tls, ScheduledExecutorService timer,
            Backoff backoff, Listener listener, Supplier<byte[]> onlinePayload, byte[] willPayload, Supplier<byte[]> offlinePayload) {
        this.options = options;
        this.topics = topics;
        this.timer = timer;
        this.backoff = backoff;
        this.listener = listener;
        this.onlinePayload = onlinePayload;
        this.offlinePayload = offlinePayload;
        try {
            client = new MqttAsyncClient(options.brokerUris().get(0), options.gatewayId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException(MqttForwarder.PID + ": attribute 'broker.uris' has invalid value '"
                    + options.brokerUris() + "': " + e.getMessage(), e);
        }
        client.setCallback(this);
        connectOptions = new MqttConnectOptions();
        connectOptions.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        connectOptions.setServerURIs(options.brokerUris().toArray(new String[0]));
        connectOptions.setCleanSession(false); // the broker queues requests while the link is down
        connectOptions.setAutomaticReconnect(false); // our own backoff with jitter and state logging
        connectOptions.setKeepAliveInterval(options.keepAliveSeconds());
        connectOptions.setConnectionTimeout((int) (OPERATION_TIMEOUT_MILLIS / 1000));
        connectOptions.setMaxInflight(options.inflightWindow() + CONTROL_WINDOW);
        connectOptions.setWill(topics.status(), willPayload, 1, true);
        if (!options.username().isEmpty()) {
            connectOptions.setUserName(options.username());
        }
        if (options.password().length > 0) {
            connectOptions.setPassword(options.password());
        }
        if (tls != null) {
            connectOptions.setSocketFactory(tls);
        }
        connectOptions.setHttpsHostnameVerificationEnabled(options.tls().hostnameVerification());
    }

    void start() {
        timer.execute(this::attempt);
    }

    @Override
    public boolean isConnected() {
        lock.lock();
        try {
            return state == State.UP;
        } finally {
            lock.unlock();
        }
    }

    /** @return true once connected, false after the timeout or when closed */
    @Override
    public boolean awaitConnected(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (state != State.UP) {
                if (state == State.CLOSED || nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Publishes at QoS 1; exactly one of the callbacks runs, on Paho's callback thread, when the broker's PUBACK
     * arrives or the delivery fails.
     *
     * @throws MqttException when Paho refuses the message at once (not connected, in-flight limit)
     */
    @Override
    public void publish(String topic, byte[] payload, boolean retained, Runnable onAck, Consumer<Throwable> onFailure)
            throws MqttException {
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
    }

    long connects() {
        return connects.get();
    }

    /** @return the broker of the current or last connection, or null before the first (Paho's getter fails then) */
    @Override
    public String serverUri() {
        return serverUri;
    }

    private void attempt() {
        if (stateIs(State.CLOSED)) {
            return;
        }
        try {
            client.connect(connectOptions).waitForCompletion(OPERATION_TIMEOUT_MILLIS);
            // subscribed again on every connection: harmless in a kept session, needed when the broker lost it
            client.subscribe(topics.requestFilter(), 1).waitForCompletion(OPERATION_TIMEOUT_MILLIS);
            client.publish(topics.status(), onlinePayload.get(), 1, true);
        } catch (MqttException e) {
            failedAttempt(e);
            return;
        }
        State previous;
        lock.lock();
        try {
            previous = state;
            if (previous == State.CLOSED) {
                return;
            }
            state = State.UP;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        connects.incrementAndGet();
        serverUri = client.getCurrentServerURI();
        backoff.reset();
        LOG.info("uplink connected to {} as {}{}", serverUri, options.gatewayId(),
                previous != State.DOWN ? "" : failedAttempts.get() == 0 ? " again"
                        : " again after " + failedAttempts.get() + " failed attempts");
        failedAttempts.set(0);
        listener.connected();
    }

    private void failedAttempt(MqttException e) {
        failedAttempts.incrementAndGet();
        boolean firstFailure;
        lock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            firstFailure = state != State.DOWN;
            state = State.DOWN;
        } finally {
            lock.unlock();
        }
        if (client.isConnected()) {
            disconnectQuietly(); // connected but the subscription failed: start over cleanly
        }
        long delay = backoff.nextDelayMillis();
        if (firstFailure) {
            LOG.warn("uplink cannot connect to {}: {} (reason {}{}); retrying with backoff, logging recovery only",
                    options.brokerUris(), e.getMessage(), e.getReasonCode(),
                    e.getCause() == null ? "" : ", " + e.getCause());
        } else {
            LOG.debug("uplink connect attempt failed: {}; next in {} ms", e.getMessage(), delay);
        }
        schedule(delay);
    }

    @Override
    public void connectionLost(Throwable cause) {
        lock.lock();
        try {
            if (state != State.UP) {
                return;
            }
            state = State.DOWN;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        LOG.warn("uplink lost connection to the broker: {}; reconnecting with backoff", String.valueOf(cause));
        listener.connectionLost(cause);
        forgetDataMessages();
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
    @Override
    public boolean abandon(Throwable cause) {
        lock.lock();
        try {
            if (state != State.UP) {
                return false;
            }
            state = State.DOWN;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        listener.connectionLost(cause);
        try {
            client.disconnectForcibly(0, 1_000, false);
        } catch (MqttException e) {
            LOG.debug("uplink forced disconnect failed: {}", e.getMessage());
        }
        forgetDataMessages();
        schedule(backoff.nextDelayMillis());
        return true;
    }

    /**
     * Removes the unacknowledged telemetry and event messages from Paho's in-flight state once their batches were
     * released to the buffer: with a persistent session Paho would resend them after reconnecting (MQTT 3.1.1 §4.4),
     * duplicating what the buffer sends again and taking in-flight slots the pipeline does not know of. Status,
     * health and responses stay with Paho, which resends them.
     *
     * @return how many it removed
     */
    int forgetDataMessages() {
        int removed = 0;
        for (IMqttDeliveryToken token : client.getPendingDeliveryTokens()) {
            String[] topics = token.getTopics();
            if (topics == null || topics.length == 0 || !isDataTopic(topics[0])) {
                continue;
            }
            try {
                // a token already failed by the disconnect may have lost its message: Paho 1.2.5's removeMessage
                // then throws NullPointerException, and there is nothing left to remove anyway
                if (token.getMessage() != null && client.removeMessage(token)) {
                    removed++;
                }
            } catch (MqttException e) {
                LOG.debug("uplink could not drop an unacknowledged message from the client: {}", e.getMessage());
            }
        }
        return removed;
    }

    private boolean isDataTopic(String topic) {
        return topic.startsWith(topics.root() + "/telemetry/") || topic.equals(topics.events());
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
    void close() {
        boolean wasUp;
        lock.lock();
        try {
            wasUp = state == State.UP;
            state = State.CLOSED;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            if (wasUp && client.isConnected()) {
                client.publish(topics.status(), offlinePayload.get(), 1, true).waitForCompletion(2_000);
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

    /** Drops the TCP connection without DISCONNECT, as a power cut or a dead cellular link would (tests). */
    void dropWithoutDisconnect() throws MqttException {
        client.disconnectForcibly(0, 1_000, false);
    }

    private void disconnectQuietly() {
        try {
            client.disconnectForcibly(0, 1_000);
        } catch (MqttException e) {
            LOG.debug("uplink forced disconnect failed: {}", e.getMessage());
        }
    }

    private void schedule(long delayMillis) {
        if (stateIs(State.CLOSED)) {
            return;
        }
        try {
            timer.schedule(this::attempt, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("uplink reconnect not scheduled: shutting down");
        }
    }

    private boolean stateIs(State wanted) {
        lock.lock();
        try {
            return state == wanted;
        } finally {
            lock.unlock();
        }
    }
}
