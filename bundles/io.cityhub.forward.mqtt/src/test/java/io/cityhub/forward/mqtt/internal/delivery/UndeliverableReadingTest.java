package io.cityhub.forward.mqtt.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.forward.mqtt.internal.Fixtures;
import io.cityhub.forward.mqtt.internal.JacksonTrees;
import io.cityhub.forward.mqtt.internal.link.Publisher;
import io.cityhub.forward.mqtt.internal.link.Topics;
import io.cityhub.forward.mqtt.internal.payload.SenmlEncoder;
import io.cityhub.profiles.senml.SenmlFormat;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A reading the client refuses to publish (synchronously, for what the message holds) is isolated from the other
 * readings of its message and set aside; it never blocks its batch. Fake session, no broker.
 */
class UndeliverableReadingTest {

    private final InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();
    private final List<MessagePlanner.Undeliverable> setAside = new CopyOnWriteArrayList<>();
    private final RefusingSession session = new RefusingSession();
    private final UplinkCounters counters = new UplinkCounters();
    private final DeliveryPipeline pipeline = new DeliveryPipeline(buffer,
            new MessagePlanner(new Topics("cityhub", "gw-1"), new SenmlEncoder(SenmlFormat.JSON), 16_384), session,
            new RateLimiter(0, 0, System::nanoTime), 64, 100, Runnable::run, counters, System::nanoTime,
            setAside::add);

    @Test
    void publishesTheOtherReadingsOfARefusedMessageOneByOneAndSetsAsideOnlyTheBadOne() throws Exception {
        List<Reading> readings = Fixtures.temperatures("s-1", 5);
        Reading poison = readings.get(2);
        session.refuse = poison.id();
        buffer.append(readings);

        pipeline.step();

        // the five shared one message: it was refused, then each reading went alone
        assertThat(session.refused).isEqualTo(2); // the message of five, then the poison alone
        assertThat(ids(session.sent)).containsExactly(readings.get(0).id(), readings.get(1).id(),
                readings.get(3).id(), readings.get(4).id());
        assertThat(session.sent).allSatisfy(s -> assertThat(s.topic()).isEqualTo("cityhub/gw-1/telemetry/s-1"));
        assertThat(setAside).singleElement().satisfies(u -> {
            assertThat(u.reading()).isEqualTo(poison);
            assertThat(u.reason()).isEqualTo("publish refused: java.lang.IllegalArgumentException: refused "
                    + poison.id());
        });
        assertThat(counters.undeliverableReadings).hasValue(1);
        assertThat(buffer.delivered()).as("nothing acknowledged before the PUBACKs").isZero();

        session.sent.forEach(s -> s.onAck().run());

        assertThat(buffer.delivered()).isEqualTo(5);
        assertThat(buffer.pendingCount()).isZero();
        assertThat(buffer.releases()).isZero();
        assertThat(counters.publishedReadings).hasValue(4);
    }

    @Test
    void aBatchOfOnlyUndeliverableReadingsLeavesTheOutboxAndTheNextFlows() throws Exception {
        Reading nul = Fixtures.temperature("\u0000nul", 0);
        buffer.append(List.of(nul));
        pipeline.step();
        assertThat(setAside).extracting(MessagePlanner.Undeliverable::reading).containsExactly(nul);
        assertThat(buffer.pendingCount()).isZero();
        assertThat(session.sent).isEmpty();

        List<Reading> next = Fixtures.temperatures("s-2", 3);
        buffer.append(next);
        pipeline.step();
        session.sent.forEach(s -> s.onAck().run());
        assertThat(ids(session.sent)).containsExactlyElementsOf(next.stream().map(Reading::id).toList());
        assertThat(buffer.delivered()).isEqualTo(4);
    }

    private static List<String> ids(List<Sent> sent) {
        List<String> ids = new ArrayList<>();
        for (Sent s : sent) {
            try {
                ids.addAll(JacksonTrees.ids(s.payload()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ids;
    }

    private record Sent(String topic, byte[] payload, Runnable onAck, Consumer<Throwable> onFailure) {
    }

    /** Connected; refuses at once, as Paho does for a topic it cannot encode, any message holding one reading id. */
    private static final class RefusingSession implements Publisher {
        final List<Sent> sent = new CopyOnWriteArrayList<>();
        volatile String refuse = "none";
        volatile int refused;

        @Override
        public boolean isConnected() {
            return true;
        }

        @Override
        public boolean awaitConnected(long timeout, TimeUnit unit) {
            return true;
        }

        @Override
        public void publish(String topic, byte[] payload, boolean retained, Runnable onAck,
                Consumer<Throwable> onFailure) {
            if (new String(payload, StandardCharsets.UTF_8).contains(refuse)) {
                refused++;
                throw new IllegalArgumentException("refused " + refuse);
            }
            sent.add(new Sent(topic, payload, onAck, onFailure));
        }

        @Override
        public void suspectDown(Throwable cause) {
            throw new AssertionError("a refused message is no sign of a lost link");
        }
    }
}
