package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.BufferBusyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Natural group commit: the writer commits as soon as it is free, appends that arrive while it is busy share the
 * next commit, and an optional minimum interval holds commits apart. The clock is the fixture's hand-moved clock,
 * so any wait the writer measured on it would never end by itself.
 */
class GroupCommitTest extends OutboxFixture {

    @Test
    void idleWriterCommitsAnAppendAtOnceEvenWithALongMinimumInterval() throws Exception {
        MapDbReadingBuffer buffer = open(options().withCommit(Duration.ofHours(1), 4096));

        // given an idle writer that never committed: the interval counts from the last commit, so no wait
        append(buffer, List.of(TestReadings.reading("s", 1, Priority.TELEMETRY)));
        // and once the interval has passed since that commit, the next lone append commits at once too
        clock.advanceMillis(Duration.ofHours(1).toMillis());
        append(buffer, List.of(TestReadings.reading("s", 2, Priority.TELEMETRY)));

        assertThat(buffer.health()).containsEntry("commits", 2L).containsEntry("appended", 2L);
        assertThat(drain(buffer)).extracting(Reading::timestamp)
                .containsExactly(TestReadings.T0.plusSeconds(1), TestReadings.T0.plusSeconds(2));
    }

    @Test
    void appendsArrivingWhileTheWriterIsBusyShareTheNextSingleCommit() throws Exception {
        // given the writer busy with a first append (held inside its window, before the commit)
        HeldWriter held = heldWriter(options());
        MapDbReadingBuffer buffer = held.buffer();
        // when ten more appends arrive meanwhile
        List<CompletableFuture<Void>> later = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            later.add(stage(buffer, i));
        }
        assertThat(later).noneMatch(CompletableFuture::isDone);
        held.release();

        // then they complete, and all of them took one more commit at most (one chunk), not one each
        held.first().get(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertThat((Long) buffer.health().get("commits")).isBetween(1L, 2L);
        assertThat(drain(buffer)).hasSize(11);
        close(buffer);
        try (ChunkStore store = ChunkStore.open(dir.resolve("store"), clock)) {
            assertThat(store.chunkCount()).isBetween(1, 2);
        }
    }

    @Test
    void minimumIntervalHoldsTheNextCommitUntilItHasPassed() throws Exception {
        MapDbReadingBuffer buffer = open(options().withCommit(Duration.ofSeconds(1), 4096));
        append(buffer, List.of(TestReadings.reading("s", 0, Priority.TELEMETRY)));

        // appends within the interval wait (the clock does not move by itself) and are gathered
        CompletableFuture<Void> second = stage(buffer, 1);
        CompletableFuture<Void> third = stage(buffer, 2);
        clock.advanceMillis(999);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> !second.isDone() && !third.isDone());
        assertThat(buffer.health()).containsEntry("commits", 1L);

        // once the interval has passed, both go into one commit
        clock.advanceMillis(1);
        second.get(10, TimeUnit.SECONDS);
        third.get(10, TimeUnit.SECONDS);
        assertThat(buffer.health()).containsEntry("commits", 2L).containsEntry("appended", 3L);
    }

    @Test
    void commitSizeEndsAnIntervalEarly() throws Exception {
        MapDbReadingBuffer buffer = open(options().withCommit(Duration.ofHours(1), 3));
        append(buffer, List.of(TestReadings.reading("s", 0, Priority.TELEMETRY)));

        // three readings reach the commit size: they need not wait for the hour
        append(buffer, TestReadings.readings("s", 1, 3, Priority.TELEMETRY));

        assertThat(buffer.health()).containsEntry("commits", 2L).containsEntry("appended", 4L);
    }

    @Test
    void aWindowTakesNoMoreThanTheCommitSizeOfQueuedAppends() throws Exception {
        HeldWriter held = heldWriter(options().withCommit(Duration.ZERO, 4));
        MapDbReadingBuffer buffer = held.buffer();
        List<CompletableFuture<Void>> later = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            later.add(stage(buffer, i));
        }
        held.release();

        held.first().get(10, TimeUnit.SECONDS);
        CompletableFuture.allOf(later.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        // 9 single-reading appends, at most 4 per commit: at least 3 commits, at most 1 + 2 after the busy one
        assertThat((Long) buffer.health().get("commits")).isBetween(3L, 4L);
    }

    @Test
    void appendsBeyondFourCommitsWaitingAreRefusedAsBusyButNeverSafetyEvents() throws Exception {
        // commits of at most 2 readings: at most 8 readings may wait while the writer is busy
        HeldWriter held = heldWriter(options().withCommit(Duration.ZERO, 2));
        MapDbReadingBuffer buffer = held.buffer();

        // one append larger than the bound goes through while nothing waits
        CompletableFuture<Void> large = buffer.append(TestReadings.readings("big", 0, 20, Priority.TELEMETRY))
                .toCompletableFuture();
        // then the next telemetry append is refused at once, and a safety event is not
        CompletableFuture<Void> refused = stage(buffer, 1);
        CompletableFuture<Void> safety = buffer.append(List.of(TestReadings.reading("door", 2, Priority.SAFETY)))
                .toCompletableFuture();

        assertThat(refused).isCompletedExceptionally();
        assertThatThrownBy(refused::join).hasCauseInstanceOf(BufferBusyException.class)
                .hasMessageContaining("20 readings behind").hasMessageContaining("at most 8");
        assertThat(large).isNotDone();
        assertThat(safety).isNotDone();
        assertThat(buffer.health()).containsEntry("refused.busy", 1L);

        held.release();
        CompletableFuture.allOf(held.first(), large, safety).get(10, TimeUnit.SECONDS);
        // caught up: appends are taken again
        append(buffer, List.of(TestReadings.reading("s", 3, Priority.TELEMETRY)));
        assertThat(drain(buffer)).hasSize(1 + 20 + 1 + 1).extracting(Reading::sensorId).doesNotContain("s1");
    }

    /** A buffer whose writer is held inside its window (before the commit) with a first append, until released. */
    private record HeldWriter(MapDbReadingBuffer buffer, BlockingProbe probe, CompletableFuture<Void> first) {
        void release() {
            probe.release.countDown();
        }
    }

    private HeldWriter heldWriter(BufferOptions options) throws Exception {
        BlockingProbe probe = new BlockingProbe();
        MapDbReadingBuffer buffer = open(options, probe);
        probe.armed.set(true);
        CompletableFuture<Void> first = stage(buffer, 0);
        assertThat(probe.entered.await(5, TimeUnit.SECONDS)).as("writer held in its window").isTrue();
        return new HeldWriter(buffer, probe, first);
    }

    private static CompletableFuture<Void> stage(MapDbReadingBuffer buffer, int n) {
        return buffer.append(List.of(TestReadings.reading("s" + n, n, Priority.TELEMETRY))).toCompletableFuture();
    }

    /** Plenty of space; once armed, the writer's next free-space check waits until released. */
    private static final class BlockingProbe implements FreeSpaceProbe {
        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public long usableBytes() {
            if (armed.compareAndSet(true, false)) {
                entered.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Long.MAX_VALUE;
        }
    }
}
