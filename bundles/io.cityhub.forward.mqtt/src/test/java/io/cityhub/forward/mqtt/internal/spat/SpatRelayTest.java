package io.cityhub.forward.mqtt.internal.spat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.traffic.MovementTiming;
import io.cityhub.api.traffic.SignalTiming;
import io.cityhub.forward.mqtt.internal.link.PublishException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hand-off between the controller's tick thread and the MQTT session, on a fake session. */
class SpatRelayTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Instant T0 = Instant.parse("2026-12-01T04:00:00Z");

    private final FakeLink link = new FakeLink();
    private SpatRelay relay;

    @AfterEach
    void close() throws InterruptedException {
        link.release.countDown();
        if (relay != null) {
            relay.close();
        }
    }

    @Test
    void whileTheLinkIsDownKeepsOnlyTheNewestTimingAndSendsItWhenTheLinkComesUp() {
        link.connected.set(false);
        relay = new SpatRelay(link, "cityhub/gw-1", "spat");
        for (int i = 0; i < 5; i++) {
            relay.offer(timing("t-junction", i));
        }
        relay.offer(timing("crossing", 0));
        await().atMost(TIMEOUT).until(() -> relay.health().get("spatDropped").equals(4L));
        assertThat(link.sent).isEmpty();

        link.connected.set(true);
        relay.linkUp();

        await().atMost(TIMEOUT).until(() -> link.sent.size() == 2);
        assertThat(link.sent).extracting(Sent::topic)
                .containsExactlyInAnyOrder("cityhub/gw-1/spat/t-junction", "cityhub/gw-1/spat/crossing");
        assertThat(link.sentTo("cityhub/gw-1/spat/t-junction")).singleElement()
                .satisfies(s -> assertThat(s.text()).contains("\"minEndTime\":4,"));
        assertThat(relay.health()).containsEntry("spatPublished", 2L).containsEntry("spatDropped", 4L)
                .containsEntry("spatFailed", 0L);
    }

    @Test
    void aSlowLinkNeverBlocksTheCallerAndGetsTheNewestTimingNext() throws Exception {
        link.blocking.set(true);
        relay = new SpatRelay(link, "cityhub/gw-1", "spat");
        relay.offer(timing("t-junction", 0));
        assertThat(link.writing.await(10, TimeUnit.SECONDS)).as("the first message is being written").isTrue();

        // the session is stuck in the write; the caller's offers still return at once and replace each other
        for (int i = 1; i <= 50; i++) {
            relay.offer(timing("t-junction", i));
        }
        assertThat(relay.health()).containsEntry("spatDropped", 49L);

        link.release.countDown();
        await().atMost(TIMEOUT).until(() -> link.sent.size() == 2);
        assertThat(link.sent.get(0).text()).contains("\"minEndTime\":0,");
        assertThat(link.sent.get(1).text()).contains("\"minEndTime\":50,");
        assertThat(relay.health()).containsEntry("spatPublished", 2L);
    }

    @Test
    void aRefusedPublicationIsCountedAndTheNextOneStillGoesOut() {
        link.refusals.set(1);
        relay = new SpatRelay(link, "cityhub/gw-1", "spat");
        relay.offer(timing("t-junction", 0));
        await().atMost(TIMEOUT).until(() -> relay.health().get("spatFailed").equals(1L));

        relay.offer(timing("t-junction", 1));
        await().atMost(TIMEOUT).until(() -> link.sent.size() == 1);
        assertThat(link.sent.get(0).text()).contains("\"minEndTime\":1,");
    }

    @Test
    void anIntersectionNameThatIsNoMqttStringIsCountedNotSent() {
        relay = new SpatRelay(link, "cityhub/gw-1", "spat");
        relay.offer(timing("bad\u0001name", 0));
        await().atMost(TIMEOUT).until(() -> relay.health().get("spatFailed").equals(1L));
        relay.offer(timing("good", 0));
        await().atMost(TIMEOUT).until(() -> link.sent.size() == 1);
        assertThat(link.sent.get(0).topic()).isEqualTo("cityhub/gw-1/spat/good");
    }

    @Test
    void switchedOffItPublishesNothingAndSwitchedOnItUsesTheNewTopic() throws Exception {
        relay = new SpatRelay(link, "cityhub/gw-1", null);
        relay.offer(timing("t-junction", 0));
        assertThat(relay.health()).containsEntry("spatEnabled", false);

        relay.configure("roadside/spat");
        relay.offer(timing("t/junction+1", 1));
        await().atMost(TIMEOUT).until(() -> link.sent.size() == 1);
        assertThat(link.sent).extracting(Sent::topic).containsExactly("cityhub/gw-1/roadside/spat/t_junction_1");
        assertThat(relay.health()).containsEntry("spatEnabled", true).containsEntry("spatPublished", 1L);
    }

    @Test
    void aSuccessorSendsWhatItsPredecessorKnewOnceItsLinkIsUp() {
        relay = new SpatRelay(link, "cityhub/gw-1", "spat");
        relay.offer(timing("t-junction", 7));
        await().atMost(TIMEOUT).until(() -> link.sent.size() == 1);

        FakeLink next = new FakeLink();
        SpatRelay successor = new SpatRelay(next, "cityhub/gw-2", "spat");
        try {
            successor.restore(relay.latest());
            await().atMost(TIMEOUT).until(() -> next.sent.size() == 1);
            assertThat(next.sent.get(0).topic()).isEqualTo("cityhub/gw-2/spat/t-junction");
            assertThat(next.sent.get(0).text()).contains("\"minEndTime\":7,");
        } finally {
            next.release.countDown();
            try {
                successor.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static SignalTiming timing(String intersection, int mark) {
        return new SignalTiming(intersection, T0.plusMillis(mark * 100L),
                List.of(new MovementTiming("main", 6, mark, MovementTiming.UNKNOWN, mark + 10, 8)));
    }

    record Sent(String topic, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** A session that can be down, stuck in a write, or refuse. */
    static final class FakeLink implements SpatRelay.Link {
        final AtomicBoolean connected = new AtomicBoolean(true);
        final AtomicBoolean blocking = new AtomicBoolean();
        final AtomicInteger refusals = new AtomicInteger();
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public boolean isConnected() {
            return connected.get();
        }

        @Override
        public void publishAtMostOnce(String topic, byte[] payload, long timeoutMillis) throws PublishException {
            if (refusals.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new PublishException("refused (reason 32202)");
            }
            if (blocking.getAndSet(false)) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new PublishException("interrupted");
                }
            }
            sent.add(new Sent(topic, payload));
        }

        List<Sent> sentTo(String topic) {
            return sent.stream().filter(s -> s.topic().equals(topic)).toList();
        }
    }
}
