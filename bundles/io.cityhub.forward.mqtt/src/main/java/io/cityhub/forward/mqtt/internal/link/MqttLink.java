package io.cityhub.forward.mqtt.internal.link;

import io.cityhub.forward.mqtt.internal.link.InflightPublishes.Pending;
import io.cityhub.forward.mqtt.internal.wire.Packet;
import io.cityhub.forward.mqtt.internal.wire.WireConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one MQTT 3.1.1 session with the platform's broker, on the uplink's own client ({@link WireConnection}).
 * Reconnects by itself with exponential backoff and jitter, and logs each change of state once: an outage is a
 * state, not a stream of errors.
 *
 * <p>Persistent session (MQTT 3.1.1 §3.1.2.4: client id = gateway id, CleanSession = 0, request subscription at
 * QoS 1), so the broker keeps the platform's requests for the gateway while the link is down and delivers them on
 * reconnect. Outgoing data is another matter: the buffer is the durable store, so when the link drops, the telemetry
 * and event messages still in flight are forgotten (their batches are released and delivered again; a late PUBACK
 * completes nothing), while status, health and responses are kept and resent with DUP = 1 right after the next
 * CONNACK, before anything new (§4.4). The session state lives in memory: after a restart the buffer redelivers
 * what was not acknowledged, and the broker still holds the session.
 *
 * <p>Threads: publishing writes on the caller's thread; the connection's one reader thread runs the PUBACK
 * callbacks and {@link Listener#messageArrived}; connecting runs on the timer.
 */
public final class MqttLink implements Publisher {

    /** What the owner hears from the link. Called on the reader's or the timer's thread; must not block. */
    public interface Listener {
        /** The session is up (subscribed, online status published). */
        void connected();

        /** The session went down (or was abandoned); called while the state is already DOWN. */
        void connectionLost(Throwable cause);

        /** A message arrived on the request subscription. */
        void messageArrived(String topic, byte[] payload);
    }

    /** Extra in-flight slots beyond the data window, for status, health and responses. */
    public static final int CONTROL_WINDOW = 8;
    /** The client's name in the health message's versions. */
    public static final String CLIENT = "cityhub MQTT 3.1.1";
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    static final long OPERATION_TIMEOUT_MILLIS = 10_000;
    /** How long {@link #close()} tries to say goodbye (offline status, DISCONNECT) before it just closes. */
    static final long CLOSE_DEADLINE_MILLIS = 3_000;

    private final LinkSettings settings;
    private final Topics topics;
    private final ScheduledExecutorService timer;
    private final Backoff backoff;
    private final Listener listener;
    private final StatusPayloads status;
    private final long operationTimeoutMillis;
    private final Packet.Connect connect;
    private final InflightPublishes inflight;
    private final Session session = new Session();
    private final LinkState state = new LinkState();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong unknownPubacks = new AtomicLong();
    private volatile WireConnection connection;
    private volatile String serverUri;

    /**
     * @param settings validated settings
     * @param timer runs connection attempts and their backoff
     * @param listener hears of state changes and requests
     * @param status the retained status messages (online on connect, the last will, offline on a clean stop)
     */
    public MqttLink(LinkSettings settings, Topics topics, ScheduledExecutorService timer, Backoff backoff,
            Listener listener, StatusPayloads status) {
        this(settings, topics, timer, backoff, listener, status, OPERATION_TIMEOUT_MILLIS);
    }

    /** @param operationTimeoutMillis for connecting (TCP, TLS, CONNACK) and for SUBACK and UNSUBACK (tests) */
    MqttLink(LinkSettings settings, Topics topics, ScheduledExecutorService timer, Backoff backoff,
            Listener listener, StatusPayloads status, long operationTimeoutMillis) {
        this.settings = settings;
        this.topics = topics;
        this.timer = timer;
        this.backoff = backoff;
        this.listener = listener;
        this.status = status;
        this.operationTimeoutMillis = operationTimeoutMillis;
        this.inflight = new InflightPublishes(settings.dataWindow() + CONTROL_WINDOW);
        this.connect = new Packet.Connect(settings.gatewayId(), settings.keepAliveSeconds(), false, topics.status(),
                status.connectionLost(), 1, true, settings.username().isEmpty() ? null : settings.username(),
                settings.password().length == 0 ? null : utf8(settings.password()));
    }

    private static byte[] utf8(char[] password) {
        return new String(password).getBytes(StandardCharsets.UTF_8);
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
        byte[] topicBytes = MqttText.publishTopic(topic, payload.length, 1);
        WireConnection c = connection;
        if (c == null) {
            throw new PublishException("not connected");
        }
        Pending p = inflight.add(topic, topicBytes, payload, retained, topics.isData(topic), onAck, onFailure);
        try {
            c.publish(topicBytes, payload, 1, false, retained, p.packetId());
        } catch (IOException e) {
            if (p.data()) {
                // the caller fails it at once; a control message stays in flight and is resent after reconnecting
                inflight.remove(p.packetId());
                throw new PublishException("not sent: " + e.getMessage(), e);
            }
        }
    }

    /**
     * Publishes at QoS 0, not retained (real-time data such as SPaT, which nothing redelivers), written to the
     * socket before it returns.
     *
     * @param timeoutMillis unused: the write happens on this thread; a broker that stops reading is found by the
     *     keep-alive, which closes the connection and so ends the write
     * @throws PublishException when not connected or the write fails
     */
    public void publishAtMostOnce(String topic, byte[] payload, long timeoutMillis) throws PublishException {
        byte[] topicBytes = MqttText.publishTopic(topic, payload.length, 0);
        WireConnection c = connection;
        if (c == null) {
            throw new PublishException("not connected");
        }
        try {
            c.publish(topicBytes, payload, 0, false, false, 0);
        } catch (IOException e) {
            throw new PublishException("not sent: " + e.getMessage(), e);
        }
    }

    /** @return completed connections since start */
    public long connects() {
        return connects.get();
    }

    /** @return PUBACKs that matched no message in flight (late, after a drop, or the broker's mistake) */
    public long unknownPubacks() {
        return unknownPubacks.get();
    }

    /** @return QoS 1 messages awaiting their PUBACK */
    int inFlight() {
        return inflight.size();
    }

    /** @return the broker of the current or last connection, or null before the first */
    public String serverUri() {
        return serverUri;
    }

    private void attempt() {
        if (state.is(LinkState.State.CLOSED)) {
            return;
        }
        WireConnection c;
        try {
            c = open();
            resendKept(c);
            connection = c;
            subscribe(c);
            publish(topics.status(), status.online(), true, () -> { },
                    cause -> LOG.debug("uplink online status not delivered: {}", String.valueOf(cause)));
        } catch (IOException | PublishException e) {
            failedAttempt(e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        LinkState.State previous = state.toUp();
        if (previous == LinkState.State.CLOSED) {
            connection = null;
            c.close(true, "uplink closed while connecting"); // close() may have run before the connection was set
            return;
        }
        if (!c.isOpen()) { // lost while connecting: the reader's report found the state not yet UP
            connectionLost(c, new IOException("connection to " + c.uri() + " closed while connecting"));
            return;
        }
        connects.incrementAndGet();
        serverUri = c.uri();
        backoff.reset();
        LOG.info("uplink connected to {} as {}{}", serverUri, settings.gatewayId(),
                previous != LinkState.State.DOWN ? "" : failedAttempts.get() == 0 ? " again"
                        : " again after " + failedAttempts.get() + " failed attempts");
        failedAttempts.set(0);
        listener.connected();
    }

    /** Tries the brokers in order. */
    private WireConnection open() throws IOException {
        List<String> failures = new ArrayList<>();
        IOException last = null;
        for (String uri : settings.brokerUris()) {
            try {
                return WireConnection.open(uri, settings.tls(), settings.hostnameVerification(), connect,
                        (int) operationTimeoutMillis, session, "cityhub-mqtt-reader");
            } catch (IOException e) {
                last = e;
                failures.add(String.valueOf(e.getMessage()));
            }
        }
        throw failures.size() == 1 ? last : new IOException(String.join("; ", failures), last);
    }

    /** §4.4: unacknowledged messages go again, with DUP, before anything new. */
    private void resendKept(WireConnection c) throws IOException {
        for (Pending p : inflight.all()) {
            c.publish(p.topicBytes(), p.payload(), 1, true, p.retained(), p.packetId());
        }
    }

    private void subscribe(WireConnection c) throws IOException, InterruptedException {
        // subscribed again on every connection: harmless in a kept session, needed when the broker lost it
        Packet.Suback ack = (Packet.Suback) request(c, id -> new Packet.Subscribe(id, topics.requestFilter(), 1));
        if (ack.returnCode() == 0x80) {
            c.close(true, "subscription refused");
            throw new IOException(c.uri() + " refused the subscription to " + topics.requestFilter()
                    + " (SUBACK 0x80)");
        }
        // the kept session may hold the wider filter of earlier versions; unsubscribing one it lacks is harmless
        request(c, id -> new Packet.Unsubscribe(id, topics.formerRequestFilter()));
    }

    private Packet request(WireConnection c, IntFunction<Packet> packet)
            throws IOException, InterruptedException {
        int id = inflight.reserve();
        try {
            return c.request(packet.apply(id), id, operationTimeoutMillis);
        } finally {
            inflight.remove(id);
        }
    }

    private void failedAttempt(Exception e) {
        failedAttempts.incrementAndGet();
        WireConnection c = connection;
        connection = null;
        if (c != null) {
            c.close(true, "connect attempt failed"); // connected but the subscription failed: start over cleanly
        }
        LinkState.State previous = state.toDown();
        if (previous == LinkState.State.CLOSED) {
            return;
        }
        boolean firstFailure = previous != LinkState.State.DOWN;
        long delay = backoff.nextDelayMillis();
        if (firstFailure) {
            LOG.warn("uplink cannot connect to {}: {}{}; retrying with backoff, logging recovery only",
                    settings.brokerUris(), e.getMessage(), e.getCause() == null ? "" : " (" + e.getCause() + ")");
        } else {
            LOG.debug("uplink connect attempt failed: {}; next in {} ms", e.getMessage(), delay);
        }
        schedule(delay);
    }

    private void connectionLost(WireConnection c, Throwable cause) {
        if (connection == c) {
            connection = null;
        }
        if (state.upToDown() != LinkState.State.UP) {
            return;
        }
        LOG.warn("uplink lost connection to the broker: {}; reconnecting with backoff", String.valueOf(cause));
        listener.connectionLost(cause);
        forgetDataMessages(cause);
        schedule(backoff.nextDelayMillis());
    }

    /**
     * Releases the telemetry and event messages in flight once their batches were released to the buffer: the
     * buffer sends them again, and the session must neither resend them (§4.4) nor let a late PUBACK complete one.
     */
    private void forgetDataMessages(Throwable cause) {
        for (Pending p : inflight.removeAll(Pending::data)) {
            p.onFailure().accept(cause);
        }
    }

    /** A publish was refused: if the connection is gone, treat it as lost (covers a drop that raced with
     *  connecting). */
    @Override
    public void suspectDown(Throwable cause) {
        WireConnection c = connection;
        if (c == null || !c.isOpen()) {
            connectionLost(c, cause);
        }
    }

    /**
     * Gives up a connection that is up but useless (the broker stopped acknowledging). The owner hears
     * {@link Listener#connectionLost} first, while the state is already DOWN, so nothing new is published and what is
     * outstanding is released before the socket goes; then the TCP connection is dropped without DISCONNECT (the
     * broker publishes the last will: the gateway did lose its connection) and the usual backoff reconnects.
     * The caller logs: this is its decision, not a failure the client saw.
     *
     * @return false if the link was not up (nothing done)
     */
    public boolean abandon(Throwable cause) {
        if (state.upToDown() != LinkState.State.UP) {
            return false;
        }
        WireConnection c = connection;
        connection = null;
        listener.connectionLost(cause);
        if (c != null) {
            c.close(false, "abandoned: " + cause.getMessage());
        }
        forgetDataMessages(cause);
        schedule(backoff.nextDelayMillis());
        return true;
    }

    /** Publishes the retained offline state (when connected), then disconnects. */
    public void close() {
        boolean wasUp = state.close() == LinkState.State.UP;
        WireConnection c = connection;
        // writes block while the broker does not read (a full socket); the goodbye must not hold up the stop: past
        // the deadline the socket is closed, which fails any write stuck on it
        Thread deadline = c == null ? null : closeDeadline(c);
        if (wasUp && c != null && c.isOpen()) {
            CountDownLatch offline = new CountDownLatch(1);
            try {
                publish(topics.status(), status.shutdown(), true, offline::countDown, t -> offline.countDown());
                offline.await(2_000, TimeUnit.MILLISECONDS);
            } catch (PublishException e) {
                LOG.debug("uplink offline status not sent: {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connection = null;
        if (c != null) {
            c.close(true, "uplink closed");
        }
        if (deadline != null) {
            deadline.interrupt();
        }
        IllegalStateException closed = new IllegalStateException("uplink closed");
        for (Pending p : inflight.removeAll(p -> true)) {
            p.onFailure().accept(closed);
        }
    }

    private static Thread closeDeadline(WireConnection c) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(CLOSE_DEADLINE_MILLIS);
            } catch (InterruptedException e) {
                return; // closed in time
            }
            LOG.warn("uplink: the broker did not take the offline status and DISCONNECT within {} ms; closing the "
                    + "connection without them", CLOSE_DEADLINE_MILLIS);
            c.close(false, "uplink closed: the broker stopped reading");
        }, "cityhub-mqtt-close");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * Drops the TCP connection without DISCONNECT, as a power cut or a dead cellular link would (tests).
     *
     * @throws PublishException if there is no connection to drop
     */
    public void dropWithoutDisconnect() throws PublishException {
        WireConnection c = connection;
        if (c == null) {
            throw new PublishException("no connection to drop");
        }
        c.close(false, "dropped without DISCONNECT");
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

    /** What the connections report (their reader threads). */
    private final class Session implements WireConnection.Handler {
        @Override
        public void puback(WireConnection c, int packetId) {
            Pending p = inflight.remove(packetId);
            if (p == null) {
                unknownPubacks.incrementAndGet();
                LOG.debug("uplink PUBACK for packet id {} not in flight: ignored", packetId);
                return;
            }
            p.onAck().run();
        }

        @Override
        public void publish(WireConnection c, Packet.Publish publish) {
            listener.messageArrived(publish.topic(), publish.payload());
        }

        @Override
        public void closed(WireConnection c, IOException cause) {
            connectionLost(c, cause);
        }
    }
}
