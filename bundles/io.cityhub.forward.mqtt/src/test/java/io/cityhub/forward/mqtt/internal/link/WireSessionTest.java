package io.cityhub.forward.mqtt.internal.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cityhub.forward.mqtt.internal.wire.ConnectRefusedException;
import io.cityhub.forward.mqtt.internal.wire.MalformedPacketException;
import io.cityhub.forward.mqtt.internal.wire.Packet;
import io.cityhub.forward.mqtt.internal.wire.PacketCodec;
import io.cityhub.forward.mqtt.internal.wire.WireConnection;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The link's own MQTT session against a broker scripted packet by packet on a real loopback socket: what it does
 * when the broker misbehaves (unhappy paths first), what it resends after a reconnect, and what it refuses to send.
 */
@Timeout(60)
class WireSessionTest {

    private static final Topics TOPICS = new Topics("cityhub", "gw-1");
    private static final String TELEMETRY = "cityhub/gw-1/telemetry/s1";
    private static final String HEALTH = "cityhub/gw-1/health";
    private static final StatusPayloads STATUS = new StatusPayloads() {
        @Override
        public byte[] online() {
            return bytes("online");
        }

        @Override
        public byte[] connectionLost() {
            return bytes("lost");
        }

        @Override
        public byte[] shutdown() {
            return bytes("offline");
        }
    };

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<ScriptedBroker> brokers = new ArrayList<>();
    private final List<MqttLink> links = new ArrayList<>();
    private final Events events = new Events();

    @AfterEach
    void tearDown() throws Exception {
        for (ScriptedBroker b : brokers) {
            b.close();
        }
        links.forEach(MqttLink::close);
        timer.shutdownNow();
    }

    @Test
    void aBrokerThatNeverAnswersConnectTimesOutAndTheNextUriIsTried() throws Exception {
        ScriptedBroker silent = broker();
        ScriptedBroker good = broker();
        MqttLink link = link(60, silent.uri(), good.uri());

        ScriptedBroker.Connection ignored = silent.accept();
        assertThat(ignored.read()).isInstanceOf(Packet.Connect.class); // and no CONNACK, ever
        ScriptedBroker.Connection c = good.accept();
        c.acceptSession();
        ackOnlineStatus(c);

        events.await("connected");
        assertThat(link.serverUri()).isEqualTo(good.uri());
        assertThat(ignored.closedByClient()).as("the client gave up the silent broker").isTrue();
    }

    @Test
    void aConnackRefusalIsAClearErrorAndTheLinkRetriesWithBackoff() throws Exception {
        ScriptedBroker refusing = broker();
        ExecutorService direct = Executors.newSingleThreadExecutor();
        try {
            Future<WireConnection> opening = direct.submit(() -> WireConnection.open(refusing.uri(), null, false,
                    new Packet.Connect("gw-1", 60, false, null, null, 0, false, "u", bytes("wrong")), 2_000,
                    new NoHandler(), "test-reader"));
            ScriptedBroker.Connection c = refusing.accept();
            c.read(Packet.Connect.class);
            c.send(new Packet.Connack(false, 5));
            assertThatThrownBy(opening::get).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(ConnectRefusedException.class)
                    .hasMessageContaining("CONNACK 5 (not authorised)");
        } finally {
            direct.shutdownNow();
        }

        MqttLink link = link(60, refusing.uri());
        for (int attempt = 0; attempt < 2; attempt++) {
            ScriptedBroker.Connection c = refusing.accept();
            c.read(Packet.Connect.class);
            c.send(new Packet.Connack(false, 5));
            assertThat(c.closedByClient()).isTrue();
        }
        assertThat(link.isConnected()).isFalse();
        assertThat(events.all()).doesNotContain("connected");
    }

    @Test
    void aBrokerThatFallsSilentIsDeclaredLostByTheKeepAlive() throws Exception {
        ScriptedBroker broker = broker();
        MqttLink link = link(1, broker.uri());
        ScriptedBroker.Connection c = broker.accept();
        Packet.Connect connect = c.acceptSession();
        assertThat(connect.keepAliveSeconds()).isEqualTo(1);
        Packet.Publish online = c.read(Packet.Publish.class);
        long lastAnswer = System.nanoTime();
        c.send(new Packet.Puback(online.packetId()));
        events.await("connected");

        // nothing sent for the keep-alive interval: the client pings; the broker stays silent
        assertThat(c.read()).isInstanceOf(Packet.PingReq.class);
        String lost = events.await("lost");
        long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastAnswer);

        assertThat(lost).contains("keep-alive 1 s");
        assertThat(silentMillis).as("declared lost after 1.5 x keep-alive of silence, not before")
                .isGreaterThanOrEqualTo(1_500);
        assertThat(link.isConnected()).isFalse();
        broker.accept(); // and it reconnects
    }

    @Test
    void garbageFromTheBrokerClosesTheConnectionWithAClearCauseAndReconnectWorks() throws Exception {
        ScriptedBroker broker = broker();
        MqttLink link = link(60, broker.uri());
        ScriptedBroker.Connection c = sessionUp(broker);

        c.sendRaw(new byte[] {(byte) 0xF0, 0x00, 0x12, 0x34});

        assertThat(events.await("lost")).contains(MalformedPacketException.class.getName()).contains("reserved");
        assertThat(c.closedByClient()).isTrue();
        ScriptedBroker.Connection again = broker.accept();
        again.acceptSession();
        ackOnlineStatus(again);
        events.await("connected");
        assertThat(link.connects()).isEqualTo(2);
    }

    @Test
    void aBrokerClosingInTheMiddleOfAPacketIsALostConnectionAndReconnectWorks() throws Exception {
        ScriptedBroker broker = broker();
        MqttLink link = link(60, broker.uri());
        ScriptedBroker.Connection c = sessionUp(broker);

        byte[] request = PacketCodec.encode(new Packet.Publish("cityhub/gw-1/req/r1", bytes("{\"op\":\"status\"}"), 1,
                false, false, 9));
        c.sendRaw(java.util.Arrays.copyOf(request, 8));
        c.close();

        assertThat(events.await("lost")).contains(EOFException.class.getName()).contains("middle of a packet");
        assertThat(events.all()).noneMatch(e -> e.startsWith("request"));
        ScriptedBroker.Connection again = broker.accept();
        again.acceptSession();
        ackOnlineStatus(again);
        events.await("connected");
        assertThat(link.isConnected()).isTrue();
    }

    @Test
    void controlMessagesInFlightAreResentWithDupAfterReconnectAndDataMessagesAreNot() throws Exception {
        ScriptedBroker broker = broker();
        MqttLink link = link(60, broker.uri());
        ScriptedBroker.Connection c = sessionUp(broker);
        CountDownLatch healthAcked = new CountDownLatch(1);
        List<Throwable> dataFailures = new CopyOnWriteArrayList<>();
        List<String> dataAcks = new CopyOnWriteArrayList<>();
        link.publish(HEALTH, bytes("h1"), false, healthAcked::countDown, t -> { });
        link.publish(TELEMETRY, bytes("t1"), false, () -> dataAcks.add("t1"), dataFailures::add);
        Packet.Publish health = c.read(Packet.Publish.class);
        Packet.Publish data = c.read(Packet.Publish.class);
        assertThat(health.dup()).isFalse();

        c.close(); // neither acknowledged

        events.await("lost");
        awaitTrue(() -> dataFailures.size() == 1); // the owner hears of the loss first, then the session forgets
        ScriptedBroker.Connection again = broker.accept();
        again.read(Packet.Connect.class);
        again.send(new Packet.Connack(true, 0));
        // §4.4: the kept message goes first, with DUP and its packet id, before anything new (the SUBSCRIBE)
        Packet.Publish resent = again.read(Packet.Publish.class);
        assertThat(resent.topic()).isEqualTo(HEALTH);
        assertThat(resent.dup()).isTrue();
        assertThat(resent.packetId()).isEqualTo(health.packetId());
        assertThat(resent.payload()).isEqualTo(bytes("h1"));
        again.send(new Packet.Puback(resent.packetId()));
        assertThat(healthAcked.await(10, TimeUnit.SECONDS)).isTrue();
        Packet.Subscribe sub = again.read(Packet.Subscribe.class);
        again.send(new Packet.Suback(sub.packetId(), 1));
        Packet.Unsubscribe unsub = again.read(Packet.Unsubscribe.class);
        again.send(new Packet.Unsuback(unsub.packetId()));
        Packet.Publish online = again.read(Packet.Publish.class);
        assertThat(online.topic()).isEqualTo("cityhub/gw-1/status");
        again.send(new Packet.Puback(online.packetId()));
        events.await("connected");

        // a late PUBACK for the forgotten data message completes nothing, and is counted
        again.send(new Packet.Puback(data.packetId()));
        awaitTrue(() -> link.unknownPubacks() == 1);
        assertThat(dataAcks).isEmpty();
        // and the data message was not resent: the next publish is the next thing on the wire
        CountDownLatch t2 = new CountDownLatch(1);
        link.publish(TELEMETRY, bytes("t2"), false, t2::countDown, t -> { });
        Packet.Publish next = again.read(Packet.Publish.class);
        assertThat(next.payload()).isEqualTo(bytes("t2"));
        assertThat(next.dup()).isFalse();
        again.send(new Packet.Puback(next.packetId()));
        assertThat(t2.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(dataFailures).hasSize(1);
    }

    @Test
    void closeReturnsInTimeWhenTheBrokerStopsReadingAndAWriteIsStuckOnTheFullSocket() throws Exception {
        ScriptedBroker broker = broker();
        MqttLink link = link(60, broker.uri());
        ScriptedBroker.Connection c = sessionUp(broker);
        // the broker reads nothing more: large publishes fill both socket buffers and the next write blocks
        byte[] large = new byte[4 << 20];
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 8; i++) {
                try {
                    link.publish(TELEMETRY, large, false, () -> { }, t -> { });
                } catch (PublishException | RuntimeException e) {
                    return;
                }
            }
        }, "stuck-writer");
        writer.setDaemon(true);
        writer.start();
        // a publish is stuck on the full socket: the writer does not finish
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(writer::isAlive);

        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(15), link::close);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        writer.join(5_000);
        assertThat(writer.isAlive()).as("the stuck write failed when the socket was closed").isFalse();
    }

    @Test
    void publishTimeRefusalsLeaveTheConnectionUpAndTheNextPublishIsDelivered() throws Exception {
        ScriptedBroker broker = broker();
        MqttLink link = link(60, broker.uri());
        ScriptedBroker.Connection c = sessionUp(broker);

        for (String bad : List.of("", "cityhub/gw-1/telemetry/+", "cityhub/#", "cityhub/gw-1/telemetry/\u0000nul",
                "cityhub/gw-1/telemetry/\ud800x", "cityhub/" + "t".repeat(70_000))) {
            assertThatThrownBy(() -> link.publish(bad, bytes("x"), false, () -> { }, t -> { }))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("§");
            assertThat(link.isConnected()).isTrue();
        }
        assertThatThrownBy(() -> MqttText.publishTopic(TELEMETRY, PacketCodec.MAX_REMAINING_LENGTH, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("larger than");

        CountDownLatch acked = new CountDownLatch(1);
        link.publish(TELEMETRY, bytes("good"), false, acked::countDown, t -> { });
        Packet.Publish next = c.read(Packet.Publish.class); // nothing of the refused ones reached the wire
        assertThat(next.topic()).isEqualTo(TELEMETRY);
        assertThat(next.payload()).isEqualTo(bytes("good"));
        c.send(new Packet.Puback(next.packetId()));
        assertThat(acked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(events.all()).noneMatch(e -> e.startsWith("lost"));
    }

    @Test
    void theInFlightLimitRefusesOneMoreAndPacketIdsAreDistinct() throws Exception {
        ScriptedBroker broker = broker();
        MqttLink link = link(60, broker.uri());
        ScriptedBroker.Connection c = sessionUp(broker);
        int limit = 4 + MqttLink.CONTROL_WINDOW;
        awaitTrue(() -> link.inFlight() == 0); // the online status's PUBACK is processed
        for (int i = 0; i < limit; i++) {
            link.publish(TELEMETRY, bytes("m" + i), false, () -> { }, t -> { });
        }
        assertThatThrownBy(() -> link.publish(TELEMETRY, bytes("over"), false, () -> { }, t -> { }))
                .isInstanceOf(PublishException.class).hasMessageContaining("in-flight limit");
        List<Integer> ids = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            ids.add(c.read(Packet.Publish.class).packetId());
        }
        assertThat(ids).doesNotHaveDuplicates().doesNotContain(0);
        c.send(new Packet.Puback(ids.get(0)));
        awaitTrue(() -> {
            try {
                link.publish(TELEMETRY, bytes("after"), false, () -> { }, t -> { });
                return true;
            } catch (PublishException e) {
                return false;
            }
        });
        assertThat(link.isConnected()).isTrue();
    }

    @Test
    void aRequestArrivesAndIsAcknowledgedAfterTheListenerHadIt() throws Exception {
        ScriptedBroker broker = broker();
        link(60, broker.uri());
        ScriptedBroker.Connection c = sessionUp(broker);

        c.send(new Packet.Publish("cityhub/gw-1/req/r1", bytes("{}"), 1, false, false, 42));

        assertThat(c.read(Packet.Puback.class).packetId()).isEqualTo(42);
        assertThat(events.all()).contains("request cityhub/gw-1/req/r1");
    }

    /** Accepts the link's connection on {@code broker}, answers CONNECT and the online status; the link is up. */
    private ScriptedBroker.Connection sessionUp(ScriptedBroker broker) throws Exception {
        ScriptedBroker.Connection c = broker.accept();
        c.acceptSession();
        ackOnlineStatus(c);
        events.await("connected");
        return c;
    }

    private static void ackOnlineStatus(ScriptedBroker.Connection c) throws IOException {
        Packet.Publish online = c.read(Packet.Publish.class);
        assertThat(online.topic()).isEqualTo("cityhub/gw-1/status");
        assertThat(online.retain()).isTrue();
        assertThat(online.qos()).isEqualTo(1);
        c.send(new Packet.Puback(online.packetId()));
    }

    private ScriptedBroker broker() throws IOException {
        ScriptedBroker b = new ScriptedBroker();
        brokers.add(b);
        return b;
    }

    private MqttLink link(int keepAliveSeconds, String... uris) {
        LinkSettings settings = new LinkSettings("gw-1", List.of(uris), keepAliveSeconds, 4, "", new char[0], null,
                false);
        MqttLink link = new MqttLink(settings, TOPICS, timer, new Backoff(50, 400, new SplittableRandom(1)), events,
                STATUS, 300);
        links.add(link);
        link.start();
        return link;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Records what the link reports. */
    private static final class Events implements MqttLink.Listener {
        private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        private final List<String> all = new CopyOnWriteArrayList<>();

        @Override
        public void connected() {
            add("connected");
        }

        @Override
        public void connectionLost(Throwable cause) {
            add("lost " + cause);
        }

        @Override
        public void messageArrived(String topic, byte[] payload) {
            add("request " + topic);
        }

        private void add(String event) {
            all.add(event);
            queue.add(event);
        }

        String await(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (true) {
                String e = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (e == null) {
                    throw new AssertionError("no '" + prefix + "' event within 10 s; seen " + all);
                }
                if (e.startsWith(prefix)) {
                    return e;
                }
            }
        }

        List<String> all() {
            return all;
        }
    }

    private static final class NoHandler implements WireConnection.Handler {
        @Override
        public void puback(WireConnection connection, int packetId) {
        }

        @Override
        public void publish(WireConnection connection, Packet.Publish publish) {
        }

        @Override
        public void closed(WireConnection connection, IOException cause) {
        }
    }
}
