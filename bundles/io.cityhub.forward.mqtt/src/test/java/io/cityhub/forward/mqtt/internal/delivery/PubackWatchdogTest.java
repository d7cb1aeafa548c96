package io.cityhub.forward.mqtt.internal.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.forward.mqtt.internal.Fixtures;
import io.cityhub.forward.mqtt.internal.JacksonTrees;
import io.cityhub.forward.mqtt.internal.link.Publisher;
import io.cityhub.forward.mqtt.internal.link.Topics;
import io.cityhub.forward.mqtt.internal.payload.PayloadEncoder;
import io.cityhub.forward.mqtt.internal.payload.PayloadFormat;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The PUBACK watchdog: its decision ({@link PubackWatchdog#stall()}), what it does on a stall
 * ({@link PubackWatchdog#check()}) and what releasing a stalled batch does to the buffer, driven step by step with
 * a fake monotonic clock, a fake session and a fake connection: no broker, no sleeping, no waiting.
 */
class PubackWatchdogTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();
    private final FakeSession session = new FakeSession();
    private final UplinkCounters counters = new UplinkCounters();
    private final FakeConnection connection = new FakeConnection();
    // window 64: every message of a batch is published within one step(); 256-byte messages: several per batch
    private final DeliveryPipeline pipeline = new DeliveryPipeline(buffer,
            new MessagePlanner(new Topics("cityhub", "gw-1"), PayloadEncoder.of(PayloadFormat.SENML_JSON), 256),
            session, new RateLimiter(0, 0, System::nanoTime), 64, 10, Runnable::run, counters, nanos::get,
            u -> {
                throw new AssertionError("nothing is undeliverable here: " + u);
            });
    private final PubackWatchdog watchdog = new PubackWatchdog(pipeline, connection, counters, TIMEOUT, nanos::get);

    @Test
    void reportsAStallWhenNoPubackArrivesForTheTimeoutAndReleasesWithoutAcknowledging() throws Exception {
        List<Reading> readings = Fixtures.temperatures("s-1", 10);
        buffer.append(readings);
        pipeline.step();
        assertThat(session.sent).hasSizeGreaterThan(1);

        advance(Duration.ofSeconds(59));
        assertThat(watchdog.stall()).as("not yet overdue").isNull();
        advance(Duration.ofSeconds(1));
        PubackWatchdog.PubackStall stall = watchdog.stall();
        assertThat(stall).isNotNull();
        assertThat(stall.waited()).isEqualTo(TIMEOUT);
        assertThat(stall.messages()).isEqualTo(session.sent.size());
        assertThat(stall.overtaken()).isFalse();

        // what the forwarder does next (link abandoned): the batch goes back, nothing is acknowledged
        pipeline.connectionLost(new IllegalStateException("no PUBACK"));
        assertThat(buffer.releases()).isEqualTo(1);
        assertThat(watchdog.stall()).as("nothing outstanding any more").isNull();
        // a PUBACK that straggles in after the release must not acknowledge the released batch
        session.sent.forEach(s -> s.onAck.run());
        assertThat(buffer.delivered()).isZero();
        assertThat(buffer.pendingCount()).isEqualTo(10);

        // the released readings are the next ones sent, in their order
        int before = session.sent.size();
        pipeline.step();
        assertThat(ids(session.sent.subList(before, session.sent.size())))
                .containsExactlyElementsOf(readings.stream().map(Reading::id).toList());
        session.sent.subList(before, session.sent.size()).forEach(s -> s.onAck.run());
        assertThat(buffer.delivered()).isEqualTo(10);
    }

    @Test
    void staysQuietOnASlowLinkWhilePubacksKeepArrivingInOrder() throws Exception {
        buffer.append(Fixtures.temperatures("s-1", 10));
        pipeline.step();
        int messages = session.sent.size();
        assertThat(messages).isGreaterThan(2);

        // each PUBACK takes 40 s (a full window over a very slow link): the oldest waits far longer than the
        // timeout, but the broker is making progress
        for (int i = 0; i < messages - 1; i++) {
            advance(Duration.ofSeconds(40));
            assertThat(watchdog.stall()).as("after %d PUBACKs", i).isNull();
            session.sent.get(i).onAck.run();
        }
        assertThat(watchdog.stall()).isNull();
        // then the broker goes silent: one timeout after the last PUBACK it is a stall
        advance(Duration.ofSeconds(59));
        assertThat(watchdog.stall()).isNull();
        advance(Duration.ofSeconds(1));
        assertThat(watchdog.stall()).isNotNull().extracting(PubackWatchdog.PubackStall::messages)
                .isEqualTo(1);
    }

    @Test
    void reportsAStallWhenALaterMessageWasAcknowledgedAndTheOlderOneIsOverdue() throws Exception {
        buffer.append(Fixtures.temperatures("s-1", 10));
        pipeline.step();
        assertThat(session.sent).hasSizeGreaterThan(2);

        // the broker dropped the first flow but acknowledges the others (MQTT 3.1.1 §4.6: PUBACKs come in order)
        advance(Duration.ofSeconds(30));
        session.sent.get(1).onAck.run();
        advance(Duration.ofSeconds(29));
        assertThat(watchdog.stall()).as("the oldest has waited 59 s").isNull();
        advance(Duration.ofSeconds(1));
        // the last PUBACK was 30 s ago, so only the ordering rule recognises this
        PubackWatchdog.PubackStall stall = watchdog.stall();
        assertThat(stall).isNotNull();
        assertThat(stall.overtaken()).isTrue();
        assertThat(buffer.delivered()).as("the batch is incomplete: not acknowledged").isZero();
    }

    @Test
    void reportsNothingWhileNothingIsOutstandingHoweverLongTheLinkIsIdle() throws Exception {
        assertThat(watchdog.stall()).isNull();
        advance(Duration.ofHours(5));
        assertThat(watchdog.stall()).isNull();

        // a message after a long idle time is judged by its own age, not by the last PUBACK hours ago
        buffer.append(Fixtures.temperatures("s-1", 2));
        pipeline.step();
        advance(Duration.ofSeconds(1));
        assertThat(watchdog.stall()).isNull();
        session.sent.forEach(s -> s.onAck.run());
        assertThat(buffer.delivered()).isEqualTo(2);
        advance(Duration.ofHours(1));
        assertThat(watchdog.stall()).isNull();
    }

    @Test
    void onAStallAbandonsTheConnectionReleasesCountsAndLogsTheOutageOnceUntilAPubackArrives() throws Exception {
        buffer.append(Fixtures.temperatures("s-1", 10));
        pipeline.step();
        advance(Duration.ofMillis(59_999));
        watchdog.check();
        assertThat(connection.abandoned).as("1 ms early").isEmpty();

        advance(Duration.ofMillis(1));
        watchdog.check();

        assertThat(connection.abandoned).singleElement().satisfies(cause ->
                assertThat(cause).hasMessage("no PUBACK from tcp://broker:1883 for 60 s"));
        assertThat(buffer.releases()).isEqualTo(1);
        assertThat(counters.pubackTimeouts).hasValue(1);
        assertThat(watchdog.inOutage()).isTrue();

        // reconnected, the released batch goes out again, and the broker is still silent
        connection.up = true;
        pipeline.step();
        advance(TIMEOUT);
        watchdog.check();
        assertThat(connection.abandoned).hasSize(2);
        assertThat(counters.pubackTimeouts).hasValue(2);
        assertThat(watchdog.inOutage()).as("the same outage").isTrue();

        // reconnected again, and now the broker acknowledges
        connection.up = true;
        int before = session.sent.size();
        pipeline.step();
        session.sent.subList(before, session.sent.size()).forEach(m -> m.onAck.run());
        watchdog.check();
        assertThat(watchdog.inOutage()).isFalse();
        assertThat(buffer.delivered()).isEqualTo(10);
        assertThat(connection.abandoned).hasSize(2);
    }

    @Test
    void leavesALinkThatIsDownOrLostMeanwhileToTheOrdinaryPath() throws Exception {
        buffer.append(Fixtures.temperatures("s-1", 10));
        pipeline.step();
        advance(TIMEOUT);

        connection.up = false;
        watchdog.check();
        assertThat(connection.abandoned).isEmpty();

        connection.up = true;
        connection.refuseAbandon = true; // the link dropped between the check and the abandon
        watchdog.check();
        assertThat(counters.pubackTimeouts).hasValue(0);
        assertThat(buffer.releases()).as("the ordinary path releases").isZero();
    }

    private void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    private static List<String> ids(List<Sent> sent) {
        List<String> ids = new ArrayList<>();
        for (Sent s : sent) {
            try {
                ids.addAll(JacksonTrees.ids(s.payload));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ids;
    }

    private record Sent(String topic, byte[] payload, Runnable onAck, Consumer<Throwable> onFailure) {
    }

    /** The link as the watchdog sees it: up until abandoned. */
    private static final class FakeConnection implements PubackWatchdog.Connection {
        final List<Throwable> abandoned = new CopyOnWriteArrayList<>();
        volatile boolean up = true;
        volatile boolean refuseAbandon;

        @Override
        public boolean isConnected() {
            return up;
        }

        @Override
        public String serverUri() {
            return "tcp://broker:1883";
        }

        @Override
        public boolean abandon(Throwable cause) {
            if (refuseAbandon) {
                return false;
            }
            abandoned.add(cause);
            up = false;
            return true;
        }
    }

    /** Always connected; keeps every publish with its callbacks so the test decides when PUBACKs arrive. */
    private static final class FakeSession implements Publisher {
        final List<Sent> sent = new CopyOnWriteArrayList<>();

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
            sent.add(new Sent(topic, payload, onAck, onFailure));
        }

        @Override
        public void suspectDown(Throwable cause) {
            // never refused
        }
    }
}
