package io.cityhub.testing;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.moquette.interception.messages.InterceptSubscribeMessage;
import io.moquette.interception.messages.InterceptUnsubscribeMessage;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Moquette 0.17 in the test JVM on 127.0.0.1 and a free port, restartable on the same port. An intercept handler
 * records every PUBLISH the broker accepts, in arrival order, across restarts: the broker's own view of what the
 * gateway delivered, independent of any subscriber session. It records SUBSCRIBE and UNSUBSCRIBE requests the same way.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {

    /** One publish as the broker received it. */
    public record Received(String clientId, String topic, byte[] payload) {
    }

    /**
     * One SUBSCRIBE or UNSUBSCRIBE of one topic filter as the broker received it.
     *
     * @param clientId the client that sent it
     * @param filter the topic filter
     * @param subscribe true for SUBSCRIBE, false for UNSUBSCRIBE
     */
    public record Subscription(String clientId, String filter, boolean subscribe) {
    }

    private final int port;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> connects = new CopyOnWriteArrayList<>();
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private Server server;

    /** A broker on a free loopback port, not yet started. */
    public EmbeddedMqttBroker() {
        this.port = FreePorts.tcp();
    }

    /**
     * Starts (or restarts) the broker on its port.
     *
     * @return this
     * @throws IOException if the port is taken
     */
    public EmbeddedMqttBroker start() throws IOException {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("netty.mqtt.message_size", "1048576");
        p.setProperty("intercept.thread_pool.size", "1"); // keeps the recorded order = arrival order
        server = new Server();
        server.startServer(new MemoryConfig(p), List.of(new AbstractInterceptHandler() {
            @Override
            public String getID() {
                return "recorder";
            }

            @Override
            public void onConnect(InterceptConnectMessage msg) {
                connects.add(msg.getClientID());
            }

            @Override
            public void onPublish(InterceptPublishMessage msg) {
                received.add(
                        new Received(msg.getClientID(), msg.getTopicName(), ByteBufUtil.getBytes(msg.getPayload())));
            }

            @Override
            public void onSubscribe(InterceptSubscribeMessage msg) {
                subscriptions.add(new Subscription(msg.getClientID(), msg.getTopicFilter(), true));
            }

            @Override
            public void onUnsubscribe(InterceptUnsubscribeMessage msg) {
                subscriptions.add(new Subscription(msg.getClientID(), msg.getTopicFilter(), false));
            }

            @Override
            public void onSessionLoopError(Throwable error) {
                // the recorder never fails; Moquette reports session errors through its own log
            }
        }));
        return this;
    }

    /** Stops the broker (idempotent); what it recorded stays. */
    public void stop() {
        if (server != null) {
            server.stopServer();
            server = null;
        }
    }

    /** @return {@code tcp://127.0.0.1:<port>} */
    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** @return the TCP port, the same across restarts */
    public int port() {
        return port;
    }

    /** @return client ids of the CONNECTs the broker accepted, in order, across restarts */
    public List<String> connects() {
        return connects;
    }

    /** @return every SUBSCRIBE and UNSUBSCRIBE (one per topic filter) the broker accepted, in order, across restarts */
    public List<Subscription> subscriptions() {
        return subscriptions;
    }

    /** @return every PUBLISH the broker accepted, in arrival order, across restarts */
    public List<Received> received() {
        return received;
    }

    @Override
    public void close() {
        stop();
    }
}
