package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.ReplayPage;
import io.cityhub.api.buffer.ReplayQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RetentionReplayTest extends OutboxFixture {

    private static final Instant FROM = TestReadings.T0;
    private static final Instant TO = TestReadings.T0.plusSeconds(1000);

    @Test
    void rejectsACursorItDidNotProduce() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        assertThatThrownBy(() -> buffer.replay(new ReplayQuery(FROM, TO, null, "bm90LWEtY3Vyc29y", 10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> buffer.replay(new ReplayQuery(FROM, TO, null, "%%%", 10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pendingReadingsAreNotReplayed() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        append(buffer, TestReadings.readings("a", 0, 5, Priority.TELEMETRY));
        assertThat(buffer.replay(new ReplayQuery(FROM, TO, null, null, 10)).readings()).isEmpty();
    }

    @Test
    void replaysDeliveredReadingsByRangeAndSensorInPages() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        List<Reading> a = TestReadings.readings("a", 0, 25, Priority.TELEMETRY);
        List<Reading> b = TestReadings.readings("b", 0, 25, Priority.SAFETY);
        append(buffer, a);
        append(buffer, b);
        drain(buffer);
        awaitRetained(buffer);

        List<Reading> pagedA = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            ReplayPage page = buffer.replay(new ReplayQuery(FROM.plusSeconds(5), FROM.plusSeconds(20), "a", cursor, 4));
            pagedA.addAll(page.readings());
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(pagedA).containsExactlyElementsOf(a.subList(5, 20)); // from inclusive, to exclusive
        assertThat(pages).isEqualTo(4);

        ReplayPage all = buffer.replay(new ReplayQuery(FROM, TO, null, null, 1000));
        assertThat(all.readings()).hasSize(50).isSortedAccordingTo(ReplayCursor.ORDER);
        assertThat(all.nextCursor()).isNull();
    }

    @Test
    void retainedReadingsSurviveRestartAndExpireByAge() throws Exception {
        MapDbReadingBuffer buffer = open(options().withRetention(1 << 20, Duration.ofHours(1)));
        append(buffer, TestReadings.readings("a", 0, 10, Priority.TELEMETRY));
        drain(buffer);
        awaitRetained(buffer);
        close(buffer);

        MapDbReadingBuffer reopened = open(options().withRetention(1 << 20, Duration.ofHours(1)));
        assertThat(reopened.replay(new ReplayQuery(FROM, TO, null, null, 100)).readings()).hasSize(10);
        assertThat(reopened.metrics().pendingCount()).isZero(); // retained is not pending
        clock.advanceMillis(Duration.ofHours(1).plusSeconds(1).toMillis());
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> reopened.replay(new ReplayQuery(FROM, TO, null, null, 100)).readings().isEmpty());
    }

    @Test
    void retentionKeepsOnlyTheNewestWithinItsByteBound() throws Exception {
        MapDbReadingBuffer buffer = open(options().withRetention(1_500, Duration.ofHours(1)));
        for (int i = 0; i < 4; i++) {
            append(buffer, TestReadings.readings("a", i * 10, 10, Priority.TELEMETRY));
            drain(buffer);
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> ((Number) buffer.health().get("retained.bytes")).longValue() > 0
                && ((Number) buffer.health().get("retained.bytes")).longValue() <= 1_500);
        List<Reading> kept = buffer.replay(new ReplayQuery(FROM, TO, null, null, 100)).readings();
        assertThat(kept).isNotEmpty().allMatch(r -> r.timestamp().isAfter(FROM.plusSeconds(19)));
    }

    @Test
    void nothingIsRetainedWhenRetentionIsOff() throws Exception {
        MapDbReadingBuffer buffer = open(options().withRetention(0, Duration.ZERO));
        append(buffer, TestReadings.readings("a", 0, 10, Priority.TELEMETRY));
        drain(buffer);
        close(buffer);
        try (ChunkStore store = ChunkStore.open(dir.resolve("store"), clock)) {
            assertThat(store.chunkCount()).isZero();
        }
    }

    /** Delivered chunks are retained by the writer's next commit. */
    private static void awaitRetained(MapDbReadingBuffer buffer) {
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> ((Number) buffer.health().get("retained.bytes")).longValue() > 0);
    }
}
