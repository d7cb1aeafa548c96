package io.cityhub.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.buffer.BufferBusyException;
import io.cityhub.api.buffer.BufferFullException;
import io.cityhub.api.buffer.BufferUnavailableException;
import io.cityhub.api.filter.FilterResult;
import io.cityhub.api.filter.ReadingFilter;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.PayloadCodec;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IngestPipelineTest {

    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");
    private static final String CSV = "test/csv";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();
    private final IngestPipeline pipeline = new IngestPipeline(IngestOptions.DEFAULTS, buffer, clock);

    /** A codec for tests: "sensor,channel,value;..." with every reading stamped at the receive time. */
    private static final PayloadCodec CSV_CODEC = new PayloadCodec() {
        @Override
        public String id() {
            return CSV;
        }

        @Override
        public List<Reading> decode(RawObservation observation) throws DecodeException {
            List<Reading> readings = new ArrayList<>();
            for (String line : new String(observation.payload(), StandardCharsets.UTF_8).split(";")) {
                String[] parts = line.split(",");
                if (parts.length != 3) {
                    throw new DecodeException(CSV, "expected sensor,channel,value but got '" + line + "'");
                }
                readings.add(Reading.of(parts[0], parts[1], ReadingValue.of(Double.parseDouble(parts[2])), "",
                        observation.receivedAt(), observation.receiveClock(), observation.source()));
            }
            return readings;
        }
    };

    @Test
    void failsWithDecodeExceptionNamingUnknownCodec() {
        CompletionStage<IngestReceipt> stage = pipeline.submit(raw("application/x-unknown", "a,b,1"));

        assertThat(failure(stage)).isInstanceOf(DecodeException.class)
                .hasMessageContaining("application/x-unknown")
                .satisfies(e -> assertThat(((DecodeException) e).codecId()).isEqualTo("application/x-unknown"));
        assertThat(buffer.appendCalls()).isZero();
        assertThat(pipeline.health()).containsEntry("decodeErrors.application/x-unknown", 1L);
    }

    @Test
    void failsWithDecodeExceptionAndCountsItPerCodec() {
        withCsvCodec();

        Throwable first = failure(pipeline.submit(raw(CSV, "garbage")));
        failure(pipeline.submit(raw(CSV, "more garbage")));

        assertThat(first).isInstanceOf(DecodeException.class).hasMessageContaining("garbage");
        assertThat(buffer.appendCalls()).isZero();
        assertThat(pipeline.health()).containsEntry("decodeErrors." + CSV, 2L).containsEntry("decodeErrors", 2L);
    }

    @Test
    void turnsUncheckedCodecFailureIntoDecodeException() {
        withCsvCodec();

        // "a,b,x" makes the test codec throw NumberFormatException, a contract violation
        assertThat(failure(pipeline.submit(raw(CSV, "a,b,x")))).isInstanceOf(DecodeException.class)
                .hasMessageContaining("NumberFormatException");
    }

    @Test
    void propagatesBufferFullAsTheExceptionalCompletion() {
        buffer.failAppends(new BufferFullException("outbox holds 100000 readings"));

        Throwable failure = failure(pipeline.submit(List.of(reading("s1", "t", NOW))));

        assertThat(failure).isInstanceOf(BufferFullException.class).hasMessageContaining("100000");
        assertThat(pipeline.health()).containsEntry("accepted", 0L).containsEntry("bufferFailures", 1L)
                .containsEntry("bufferRefusing", true);
    }

    @Test
    void aBusyOutboxIsCountedAndPropagatedButIsNotARefusingOutbox() {
        buffer.failAppends(new BufferBusyException("the outbox is 16384 readings behind its writer"));

        Throwable first = failure(pipeline.submit(List.of(reading("s1", "t", NOW))));
        Throwable second = failure(pipeline.submit(List.of(reading("s2", "t", NOW))));

        assertThat(first).isInstanceOf(BufferBusyException.class).hasMessageContaining("16384");
        assertThat(second).isInstanceOf(BufferBusyException.class);
        assertThat(pipeline.health()).containsEntry("bufferFailures", 2L).containsEntry("bufferBusy", 2L)
                .containsEntry("bufferRefusing", false);
    }

    @Test
    void propagatesBufferUnavailableAsTheExceptionalCompletion() {
        buffer.failAppends(new BufferUnavailableException("disk full", null));
        withCsvCodec();

        Throwable failure = failure(pipeline.submit(raw(CSV, "s1,t,1")));

        assertThat(failure).isInstanceOf(BufferUnavailableException.class).hasMessage("disk full");
    }

    @Test
    void propagatesBufferFailureWrappedInCompletionException() {
        buffer.failAppends(new java.util.concurrent.CompletionException(new BufferFullException("full")));

        assertThat(failure(pipeline.submit(List.of(reading("s1", "t", NOW))))).isInstanceOf(BufferFullException.class);
    }

    @Test
    void receiptDoesNotCompleteBeforeTheAppendIsDurable() throws Exception {
        buffer.holdAppends();
        withCsvCodec();

        CompletableFuture<IngestReceipt> receipt = pipeline.submit(raw(CSV, "s1,t,1;s2,t,2")).toCompletableFuture();

        assertThat(buffer.held()).hasSize(1);
        assertThat(receipt).isNotDone();
        assertThat(pipeline.health()).containsEntry("accepted", 0L);

        buffer.held().get(0).complete(null);

        assertThat(receipt.get(5, TimeUnit.SECONDS)).isEqualTo(new IngestReceipt(2, 0, List.of()));
        assertThat(buffer.durable()).extracting(Reading::sensorId).containsExactly("s1", "s2");
        assertThat(pipeline.health()).containsEntry("accepted", 2L);
    }

    @Test
    void heldAppendThatFailsLaterFailsTheReceipt() {
        buffer.holdAppends();
        CompletableFuture<IngestReceipt> receipt =
                pipeline.submit(List.of(reading("s1", "t", NOW))).toCompletableFuture();
        assertThat(receipt).isNotDone();

        buffer.held().get(0).completeExceptionally(new BufferUnavailableException("store closed", null));

        assertThat(failure(receipt)).isInstanceOf(BufferUnavailableException.class);
        assertThat(buffer.durable()).isEmpty();
    }

    @Test
    void rejectsTimestampsTooFarInTheFuture() {
        Instant limit = NOW.plus(Duration.ofDays(1));

        IngestReceipt receipt = receipt(pipeline.submit(List.of(
                reading("s1", "late", limit.plusMillis(1)), reading("s1", "edge", limit))));

        assertThat(receipt.accepted()).isEqualTo(1);
        assertThat(receipt.rejected()).singleElement().asString()
                .contains("s1/late").contains("after the gateway clock");
        assertThat(buffer.durable()).extracting(Reading::channel).containsExactly("edge");
    }

    @Test
    void rejectsTimestampsBeforeTheFloor() {
        IngestReceipt receipt = receipt(pipeline.submit(List.of(
                reading("s1", "t", Instant.parse("1999-12-31T23:59:59Z")),
                reading("s1", "t", Instant.parse("2000-01-01T00:00:00Z")))));

        assertThat(receipt.accepted()).isEqualTo(1);
        assertThat(receipt.rejected()).singleElement().asString().contains("before 2000-01-01T00:00:00Z");
    }

    @Test
    void rejectsOverlongSensorIdsAndChannels() {
        IngestReceipt receipt = receipt(pipeline.submit(List.of(
                reading("s".repeat(129), "t", NOW), reading("s1", "c".repeat(129), NOW),
                reading("s".repeat(128), "c".repeat(128), NOW))));

        assertThat(receipt.accepted()).isEqualTo(1);
        assertThat(receipt.rejected()).hasSize(2);
        assertThat(receipt.rejected().get(0)).contains("sensor id longer than 128").hasSizeLessThan(200);
        assertThat(receipt.rejected().get(1)).contains("channel longer than 128");
    }

    @Test
    void rejectsControlCharactersAndUnpairedSurrogatesInNamesAndUnitsKeepingTheGoodReadings() {
        Reading good = reading("dev-1", "t", NOW);
        List<Reading> submitted = Arrays.asList(
                reading("\u0000nul", "t", NOW),
                reading("dev-1", "c\u001fx", NOW),
                reading("dev-1", "del\u007f", NOW),
                reading("c1\u0085", "t", NOW),
                reading("dev-1", "c\u009f", NOW),
                reading("dev-1", "hi\ud800", NOW),
                reading("dev-1", "\udc00lo", NOW),
                Reading.of("dev-1", "t2", ReadingValue.of(1.0), "Cel\n", NOW, ClockQuality.SYNCHRONISED,
                        SourceMetadata.of("test")),
                good,
                reading("dev-1", "smile\ud83d\ude00", NOW),
                reading("dev-1", "Ä~ \u00a0", NOW));

        IngestReceipt receipt = receipt(pipeline.submit(submitted));

        assertThat(receipt.rejected()).hasSize(8);
        assertThat(receipt.rejected().get(0)).isEqualTo("\\u0000nul/t@" + NOW
                + ": sensor id holds control character U+0000 at index 0");
        assertThat(receipt.rejected().get(1)).contains("channel holds control character U+001F at index 1");
        assertThat(receipt.rejected().get(2)).contains("channel holds control character U+007F");
        assertThat(receipt.rejected().get(3)).contains("sensor id holds control character U+0085");
        assertThat(receipt.rejected().get(4)).contains("channel holds control character U+009F");
        assertThat(receipt.rejected().get(5)).contains("channel holds an unpaired surrogate U+D800 at index 2");
        assertThat(receipt.rejected().get(6)).contains("channel holds an unpaired surrogate U+DC00 at index 0");
        assertThat(receipt.rejected().get(7)).contains("unit holds control character U+000A");
        // the receipt shows the characters, it never carries them
        assertThat(String.join("", receipt.rejected())).doesNotContain("\u0000", "\u001f", "\u0085", "\ud800", "\n");
        assertThat(receipt.accepted()).isEqualTo(3);
        assertThat(buffer.durable()).extracting(Reading::channel)
                .containsExactly("t", "smile\ud83d\ude00", "Ä~ \u00a0");
    }

    @Test
    void appliesChangedLimitsLiveToTheNextSubmission() {
        assertThat(receipt(pipeline.submit(List.of(reading("s".repeat(20), "t", NOW)))).accepted()).isEqualTo(1);

        pipeline.modified(IngestOptionsTest.config(86_400, "2000-01-01T00:00:00Z", 10, 2));

        IngestReceipt receipt = receipt(pipeline.submit(List.of(reading("s".repeat(11), "t", NOW),
                reading("s1", "a", NOW), reading("s1", "b", NOW))));
        assertThat(receipt.rejected()).hasSize(2);
        assertThat(receipt.rejected().get(0)).contains("sensor id longer than 10");
        assertThat(receipt.rejected().get(1)).contains("more than 2 readings");
        assertThat(pipeline.options().maxNameLength()).isEqualTo(10);
    }

    @Test
    void anInvalidChangeIsLoggedAtErrorAndKeepsTheCurrentLimits() {
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8)); // slf4j-simple looks System.err up per line
        try {
            assertThatThrownBy(() -> pipeline.modified(IngestOptionsTest.config(86_400, "soon", 128, 1000)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new IngestPipeline(IngestOptionsTest.config(86_400, "2000-01-01T00:00:00Z", 0, 1),
                    buffer)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            System.setErr(original);
            original.print(log.toString(StandardCharsets.UTF_8));
        }
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("ERROR io.cityhub.ingest.internal.IngestPipeline - " + IngestPipeline.PID
                        + ": configuration change failed: " + IngestPipeline.PID
                        + ": attribute 'min.timestamp' has invalid value 'soon'")
                .contains("ERROR io.cityhub.ingest.internal.IngestPipeline - " + IngestPipeline.PID
                        + ": activation failed: " + IngestPipeline.PID
                        + ": attribute 'max.name.length' has invalid value '0'; expected between 1 and 4096");
        assertThat(pipeline.options()).isEqualTo(IngestOptions.DEFAULTS);
    }

    @Test
    void rejectsReadingsBeyondTheSubmissionLimitAndAppendsTheRest() {
        IngestPipeline small =
                new IngestPipeline(new IngestOptions(Duration.ofDays(1), Instant.EPOCH, 128, 3), buffer, clock);
        List<Reading> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(reading("s1", "t", NOW.minusSeconds(i)));
        }

        IngestReceipt receipt = receipt(small.submit(five));

        assertThat(receipt.accepted()).isEqualTo(3);
        assertThat(receipt.rejected()).hasSize(2).allSatisfy(r -> assertThat(r).contains("more than 3 readings"));
        assertThat(buffer.durable()).containsExactlyElementsOf(five.subList(0, 3));
    }

    @Test
    void rejectsNullReadings() {
        IngestReceipt receipt = receipt(pipeline.submit(Arrays.asList(null, reading("s1", "t", NOW))));

        assertThat(receipt.accepted()).isEqualTo(1);
        assertThat(receipt.rejected()).containsExactly("null reading");
    }

    @Test
    void doesNotAppendWhenEverythingIsRejected() {
        IngestReceipt receipt = receipt(pipeline.submit(List.of(reading("s1", "t", NOW.plus(Duration.ofDays(3))))));

        assertThat(receipt.accepted()).isZero();
        assertThat(receipt.rejected()).hasSize(1);
        assertThat(buffer.appendCalls()).isZero();
        assertThat(pipeline.health()).containsEntry("rejected", 1L).containsEntry("accepted", 0L);
    }

    @Test
    void decodesWithTheCodecNamedByTheServiceProperty() {
        pipeline.addCodec(CSV_CODEC, Map.of(PayloadCodec.CODEC_ID, "text/csv-alias"));

        IngestReceipt receipt = receipt(pipeline.submit(raw("text/csv-alias", "s1,temp,21.5")));

        assertThat(receipt).isEqualTo(new IngestReceipt(1, 0, List.of()));
        assertThat(buffer.durable()).singleElement().satisfies(r -> {
            assertThat(r.sensorId()).isEqualTo("s1");
            assertThat(r.value()).isEqualTo(ReadingValue.of(21.5));
        });
        assertThat(pipeline.health()).containsEntry("codecs", "text/csv-alias");
    }

    @Test
    void forgetsARemovedCodec() {
        withCsvCodec();
        pipeline.removeCodec(CSV_CODEC, Map.of(PayloadCodec.CODEC_ID, CSV));

        assertThat(failure(pipeline.submit(raw(CSV, "s1,t,1")))).isInstanceOf(DecodeException.class);
    }

    @Test
    void reportsCountersInHealth() {
        withCsvCodec();
        receipt(pipeline.submit(raw(CSV, "s1,t,1;s2,t,2")));
        receipt(pipeline.submit(List.of(reading("s1", "t", Instant.EPOCH))));
        failure(pipeline.submit(raw(CSV, "bad")));

        assertThat(pipeline.healthSection()).isEqualTo("ingest");
        assertThat(pipeline.health())
                .containsEntry("submissions", 3L)
                .containsEntry("accepted", 2L)
                .containsEntry("filtered", 0L)
                .containsEntry("rejected", 1L)
                .containsEntry("decodeErrors." + CSV, 1L)
                .containsEntry("bufferRefusing", false);
    }

    @Test
    void readingsTheFiltersLeaveOutAreCountedAsFilteredAndTheirOutputIsStored() {
        Reading aggregate = Reading.of("s1", "t:mean", ReadingValue.of(1.5), "", NOW, ClockQuality.SYNCHRONISED,
                SourceMetadata.of("gpio"));
        // keeps readings of sensor s2, leaves out the others, and adds one aggregate
        pipeline.bindFilter(readings -> {
            List<Reading> passed = new ArrayList<>(readings.stream().filter(r -> r.sensorId().equals("s2")).toList());
            passed.add(aggregate);
            return new FilterResult(passed, readings.size() - passed.size() + 1);
        });

        IngestReceipt receipt = receipt(pipeline.submit(List.of(reading("s1", "t", NOW), reading("s2", "t", NOW),
                reading("s1", "t", NOW.minusSeconds(1)), reading("s1", "t", NOW.plus(Duration.ofDays(3))))));

        assertThat(receipt.accepted()).isEqualTo(2);
        assertThat(receipt.filtered()).isEqualTo(2);
        assertThat(receipt.rejected()).hasSize(1);
        assertThat(buffer.durable()).extracting(Reading::channel).containsExactly("t", "t:mean");
        assertThat(pipeline.health()).containsEntry("filtered", 2L).containsEntry("accepted", 2L)
                .containsEntry("filters", true);
    }

    @Test
    void whenTheFiltersLeaveNothingNothingIsAppended() {
        pipeline.bindFilter(readings -> new FilterResult(List.of(), readings.size()));

        IngestReceipt receipt = receipt(pipeline.submit(List.of(reading("s1", "t", NOW))));

        assertThat(receipt).isEqualTo(new IngestReceipt(0, 1, List.of()));
        assertThat(buffer.appendCalls()).isZero();
    }

    @Test
    void failingFiltersStoreTheReadingsUnfilteredAndAreCounted() {
        pipeline.bindFilter(readings -> {
            throw new IllegalStateException("filter bug");
        });

        IngestReceipt receipt = receipt(pipeline.submit(List.of(reading("s1", "t", NOW), reading("s2", "t", NOW))));

        assertThat(receipt).isEqualTo(new IngestReceipt(2, 0, List.of()));
        assertThat(buffer.durable()).hasSize(2);
        assertThat(pipeline.health()).containsEntry("filterFailures", 1L);
    }

    @Test
    void anUnboundFilterNoLongerApplies() {
        ReadingFilter dropAll = readings -> new FilterResult(List.of(), readings.size());
        pipeline.bindFilter(dropAll);
        pipeline.unbindFilter(dropAll);

        assertThat(receipt(pipeline.submit(List.of(reading("s1", "t", NOW)))).accepted()).isEqualTo(1);
        assertThat(pipeline.health()).containsEntry("filters", false);
    }

    @Test
    void aReadingTheOutboxRefusedIsNotShownAsHeard() {
        buffer.failAppends(new BufferFullException("full"));

        failure(pipeline.submit(List.of(reading("s1", "t", NOW))));

        assertThat(pipeline.sightings()).isEmpty();
    }

    @Test
    void showsTheLastDurableReadingOfEachSensorChannel() {
        withCsvCodec();
        receipt(pipeline.submit(raw(CSV, "s1,t,1;s1,t,2;s2,h,40")));

        assertThat(pipeline.sightings()).extracting(s -> s.sensorId() + "/" + s.channel() + "=" + s.value()
                + " x" + s.readings()).containsExactlyInAnyOrder("s1/t=2.0 x2", "s2/h=40.0 x1");
        assertThat(pipeline.sightings()).allSatisfy(s -> assertThat(s.receivedAt()).isEqualTo(NOW));
    }

    private void withCsvCodec() {
        pipeline.addCodec(CSV_CODEC, Map.of(PayloadCodec.CODEC_ID, CSV));
    }

    private static RawObservation raw(String codecId, String payload) {
        return new RawObservation(null, codecId, payload.getBytes(StandardCharsets.UTF_8), NOW,
                ClockQuality.UNSYNCHRONISED, Priority.TELEMETRY, SourceMetadata.of("coap"));
    }

    private static Reading reading(String sensor, String channel, Instant at) {
        return Reading.of(sensor, channel, ReadingValue.of(1.0), "", at, ClockQuality.SYNCHRONISED,
                SourceMetadata.of("gpio"));
    }

    private static IngestReceipt receipt(CompletionStage<IngestReceipt> stage) {
        try {
            return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /** @return the exception the stage completed with, exactly as a source's callback sees it (not wrapped) */
    private static Throwable failure(CompletionStage<IngestReceipt> stage) {
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        stage.whenComplete((receipt, failure) -> seen.complete(failure));
        Throwable failure;
        try {
            failure = seen.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError(e);
        }
        assertThat(failure).as("stage must fail").isNotNull();
        return failure;
    }
}
