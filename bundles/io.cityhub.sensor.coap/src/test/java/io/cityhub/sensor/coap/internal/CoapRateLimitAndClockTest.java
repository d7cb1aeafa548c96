package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingIds;
import io.cityhub.api.SourceMetadata;
import io.cityhub.api.clock.ClockState;
import io.cityhub.api.clock.ClockStateListener;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10: a device over its rate gets 4.29 with the Max-Age until it may send again, others go on; readings are
 * stamped with the quality the gateway's {@link ClockState} reports, {@code clock.synchronised} only without one.
 */
@Timeout(60)
class CoapRateLimitAndClockTest {

    private static final String SENML = "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":21.5}]";

    private final LoopbackFixture fixture = new LoopbackFixture();
    private CoapSensorServer server;

    @AfterEach
    void stop() {
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    private CoapResponse post(CoapClient client, String path) throws Exception {
        client.setURI(LoopbackFixture.uri(server, path));
        return client.post(SENML, MediaTypeRegistry.APPLICATION_SENML_JSON);
    }

    @Test
    void answers429WithMaxAgeToADeviceOverItsRate() throws Exception {
        // one a minute, two at once: the third request within the minute is refused for up to 60 s
        server = new CoapSensorServer(TestConfig.LOOPBACK.withRateLimit(1, 2), fixture.ingest);
        CoapClient client = fixture.singleDatagramClient();

        assertThat(post(client, "/readings/a").getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(post(client, "/readings/a").getCode()).isEqualTo(ResponseCode.CHANGED);
        CoapResponse refused = post(client, "/readings/a");
        CoapResponse other = post(client, "/readings/b");

        assertThat(refused.getCode()).isEqualTo(ResponseCode.TOO_MANY_REQUESTS);
        assertThat(refused.getOptions().getMaxAge()).isBetween(1L, 60L);
        assertThat(other.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(fixture.buffer.durable()).extracting(Reading::sensorId).containsExactly("a", "a", "b");
        assertThat(server.health()).containsEntry("responses.4.29", 1L);
    }

    @Test
    void noLimitWhenTheRateIsZero() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK.withRateLimit(0, 1), fixture.ingest);
        CoapClient client = fixture.singleDatagramClient();

        for (int i = 0; i < 5; i++) {
            assertThat(post(client, "/readings/a").getCode()).isEqualTo(ResponseCode.CHANGED);
        }
    }

    @Test
    void theRateLimitChangesWithoutARestart() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        CoapClient client = fixture.singleDatagramClient();
        assertThat(post(client, "/readings/a").getCode()).isEqualTo(ResponseCode.CHANGED);

        server.modified(TestConfig.LOOPBACK.withRateLimit(1, 1));

        assertThat(post(client, "/readings/a").getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(post(client, "/readings/a").getCode()).isEqualTo(ResponseCode.TOO_MANY_REQUESTS);
    }

    /** The gateway clock service as io.cityhub.clock provides it, with a quality the test sets. */
    private static final class TestClockState implements ClockState {
        final AtomicReference<ClockQuality> quality = new AtomicReference<>(ClockQuality.SYNCHRONISED);
        /** The time the clock shows, or null for the system clock. */
        final AtomicReference<Instant> shows = new AtomicReference<>();

        @Override
        public Instant now() {
            Instant fixed = shows.get();
            return fixed != null ? fixed : Instant.now();
        }

        @Override
        public ClockQuality quality() {
            return quality.get();
        }

        @Override
        public AutoCloseable onChange(ClockStateListener listener) {
            return () -> { };
        }
    }

    @Test
    void stampsTheQualityOfTheClockStateServiceAndFallsBackToTheAttribute() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK.withClockSynchronised(false), fixture.ingest);
        CoapClient client = fixture.singleDatagramClient();
        TestClockState clockState = new TestClockState();

        server.bindClockState(clockState);
        post(client, "/readings/a");
        clockState.quality.set(ClockQuality.UNSYNCHRONISED);
        post(client, "/readings/b");
        clockState.quality.set(ClockQuality.SYNCHRONISED);
        assertThat(server.health()).containsEntry("receiveClock", "SYNCHRONISED")
                .containsEntry("clockSource", "ClockState");
        server.unbindClockState(clockState);
        post(client, "/readings/c");

        assertThat(fixture.buffer.durable()).extracting(Reading::sensorId, Reading::clockQuality).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", ClockQuality.SYNCHRONISED),
                org.assertj.core.groups.Tuple.tuple("b", ClockQuality.UNSYNCHRONISED),
                org.assertj.core.groups.Tuple.tuple("c", ClockQuality.UNSYNCHRONISED));
        assertThat(server.health()).containsEntry("clockSource", "clock.synchronised");
    }

    @Test
    void readingsStampedWithATimeTheClockShowsTwiceKeepDistinctIds() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        CoapClient client = fixture.singleDatagramClient();
        TestClockState clockState = new TestClockState();
        Instant shownTwice = Instant.now().minusSeconds(5);
        clockState.shows.set(shownTwice);
        server.bindClockState(clockState);

        post(client, "/readings/a");
        clockState.shows.set(shownTwice.plusSeconds(3_600));
        post(client, "/readings/a");
        clockState.shows.set(shownTwice); // set back an hour: the clock shows the first time again
        post(client, "/readings/a");

        assertThat(fixture.buffer.durable()).hasSize(3).extracting(Reading::timestamp)
                .containsExactly(shownTwice, shownTwice.plusSeconds(3_600), shownTwice);
        assertThat(fixture.buffer.durable()).extracting(Reading::id).doesNotHaveDuplicates();
        assertThat(fixture.buffer.durable()).allSatisfy(r -> assertThat(r.source().attributes())
                .as("the receipt made the id and is not stored").doesNotContainKey(SourceMetadata.RECEIPT_ID));
    }

    @Test
    void readingsWithTheirOwnTimeKeepTheIdOfSensorChannelUnitAndTime() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        CoapClient client = fixture.singleDatagramClient();
        long own = Instant.now().getEpochSecond() - 60;
        client.setURI(LoopbackFixture.uri(server, "/readings/a"));

        client.post("[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":21.5,\"t\":" + own + "}]",
                MediaTypeRegistry.APPLICATION_SENML_JSON);

        assertThat(fixture.buffer.durable()).singleElement().returns(
                ReadingIds.of("a", "temp", "Cel", Instant.ofEpochSecond(own)), Reading::id);
    }
}
