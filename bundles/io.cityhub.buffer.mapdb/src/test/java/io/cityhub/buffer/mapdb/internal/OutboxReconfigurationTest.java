package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.buffer.BufferFullException;
import io.cityhub.api.buffer.GapRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A configuration change applied by {@code modified}: the store stays open, pending readings stay. */
class OutboxReconfigurationTest extends OutboxFixture {

    private MapDbReadingBufferConfig config(Map<String, Object> overrides) {
        Map<String, Object> all = new HashMap<>(overrides);
        all.putIfAbsent("store.directory", dir.resolve("store").toString());
        return BufferOptionsTest.config(all);
    }

    @Test
    void newSizeBoundAndFullPolicyApplyWithoutClosingTheStore() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        append(buffer, TestReadings.readings("s", 0, 10, Priority.TELEMETRY));
        // 1,000 readings of ~90 bytes as stored: above the smallest bound the metatype allows
        List<Reading> big = TestReadings.readings("big", 0, 1000, Priority.TELEMETRY);

        buffer.modified(config(Map.of("max.bytes", BufferOptions.MIN_MAX_BYTES, "full.policy", "reject-new")));

        assertThatThrownBy(() -> append(buffer, big)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(BufferFullException.class);
        // the writer still runs and the readings pending before the change are still there
        append(buffer, TestReadings.readings("s", 10, 1, Priority.TELEMETRY));
        assertThat(drain(buffer)).hasSize(11).allMatch(r -> r.sensorId().equals("s"));
    }

    @Test
    void newMaximumAgeExpiresPendingReadingsAtTheNextCommit() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        List<Reading> old = TestReadings.readings("old", 0, 5, Priority.TELEMETRY);
        append(buffer, old);
        clock.advanceMillis(120_000);

        buffer.modified(config(Map.of("max.age.seconds", 60L)));

        await().atMost(5, TimeUnit.SECONDS).until(() -> buffer.metrics().drops().getOrDefault("expired", 0L) == 5);
        List<Reading> left = drain(buffer);
        assertThat(left).hasSize(1);
        assertThat(GapRecord.from(left.get(0))).hasValueSatisfying(g -> assertThat(g.count()).isEqualTo(5));
    }

    @Test
    void retentionOffAppliesLive() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        buffer.modified(config(Map.of("retention.max.bytes", 0L)));
        append(buffer, TestReadings.readings("s", 0, 5, Priority.TELEMETRY));
        assertThat(drain(buffer)).hasSize(5);

        // the delivered chunk is deleted, not archived: replay finds nothing and the store holds no chunk
        await().atMost(5, TimeUnit.SECONDS).until(() -> (Long) buffer.health().get("retained.bytes") == 0L
                && (Long) buffer.health().get("commits") >= 2);
        close(buffer);
        try (ChunkStore store = ChunkStore.open(dir.resolve("store"), clock)) {
            assertThat(store.chunkCount()).isZero();
        }
    }

    @Test
    void invalidChangeIsRefusedAndTheOldConfigurationStays() throws Exception {
        MapDbReadingBuffer buffer = open(options().withMaxBytes(BufferOptions.MIN_MAX_BYTES)
                .withFullPolicy(FullPolicy.REJECT_NEW));

        assertThatThrownBy(() -> buffer.modified(config(Map.of("max.bytes", 5L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("attribute 'max.bytes' has invalid value '5'");

        assertThatThrownBy(() -> append(buffer, TestReadings.readings("big", 0, 1000, Priority.TELEMETRY)))
                .hasCauseInstanceOf(BufferFullException.class);
    }

    @Test
    void newStoreDirectoryWaitsForARestart() throws Exception {
        MapDbReadingBuffer buffer = open(options());
        append(buffer, TestReadings.readings("s", 0, 3, Priority.TELEMETRY));

        buffer.modified(config(Map.of("store.directory", dir.resolve("elsewhere").toString(),
                "commit.min.interval.ms", 0)));

        append(buffer, TestReadings.readings("s", 3, 3, Priority.TELEMETRY));
        assertThat(buffer.metrics().pendingCount()).isEqualTo(6);
        assertThat(dir.resolve("elsewhere")).doesNotExist();
    }
}
