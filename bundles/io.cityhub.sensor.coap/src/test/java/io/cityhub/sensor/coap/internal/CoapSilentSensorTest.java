package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Priority;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.ingest.internal.IngestOptions;
import io.cityhub.ingest.internal.IngestPipeline;
import io.cityhub.testing.InMemoryReadingBuffer;
import io.cityhub.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, per-device configuration: a device silent for longer than {@code silent.after.intervals} times its
 * reporting interval raises one DIAGNOSTIC sensor-silent event through ingest, sensor-back when it reports again,
 * and the health report lists it while it is silent. Time is a clock the test moves.
 */
@Timeout(60)
class CoapSilentSensorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();
    private final IngestPipeline ingest = new IngestPipeline(IngestOptions.DEFAULTS, buffer, clock);
    private final LoopbackFixture fixture = new LoopbackFixture();
    private CoapSensorServer server;

    @AfterEach
    void stop() {
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    private List<Reading> events(String channel) {
        return buffer.durable().stream().filter(r -> r.channel().equals(channel)).toList();
    }

    @Test
    void raisesSilentOnceAfterTheConfiguredMultipleAndBackWhenItReportsAgain() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK.withSilentAfter(3).options(), ingest, clock);
        server.addDevice(TestDevices.plain("river-1", "", "level", "m", 60));
        server.addDevice(TestDevices.plain("quiet-1", "", "level", "m", 0)); // not watched

        clock.advance(Duration.ofSeconds(180));
        server.checkSilence();
        assertThat(events(SilenceWatch.SILENT)).as("silent for exactly 3 intervals").isEmpty();

        clock.advance(Duration.ofSeconds(1));
        server.checkSilence();
        clock.advance(Duration.ofSeconds(600));
        server.checkSilence();

        assertThat(events(SilenceWatch.SILENT)).singleElement().satisfies(event -> {
            assertThat(event.sensorId()).isEqualTo("river-1");
            assertThat(event.priority()).isEqualTo(Priority.DIAGNOSTIC);
            assertThat(event.value()).isEqualTo(ReadingValue.of("no report for 181 s; expected every 60 s"));
        });
        assertThat(server.health()).containsEntry("silentSensors", "river-1");

        CoapClient client = fixture.singleDatagramClient();
        client.setURI(LoopbackFixture.uri(server, "/readings/river-1"));
        assertThat(client.post("2.5", MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.CHANGED);

        assertThat(events(SilenceWatch.BACK)).singleElement().satisfies(event -> {
            assertThat(event.sensorId()).isEqualTo("river-1");
            assertThat(event.priority()).isEqualTo(Priority.DIAGNOSTIC);
            assertThat(event.value()).isEqualTo(ReadingValue.of("reported again after 781 s of silence"));
        });
        assertThat(server.health()).containsEntry("silentSensors", "");
        server.checkSilence();
        assertThat(events(SilenceWatch.SILENT)).hasSize(1);
    }

    @Test
    void aDeviceThatKeepsReportingNeverGoesSilent() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK.withSilentAfter(2).options(), ingest, clock);
        server.addDevice(TestDevices.plain("river-1", "", "level", "m", 60));
        CoapClient client = fixture.singleDatagramClient();
        client.setURI(LoopbackFixture.uri(server, "/readings/river-1"));

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(100));
            assertThat(client.post("1." + i, MediaTypeRegistry.TEXT_PLAIN).getCode()).isEqualTo(ResponseCode.CHANGED);
            server.checkSilence();
        }

        assertThat(events(SilenceWatch.SILENT)).isEmpty();
        assertThat(events("level")).hasSize(5);
    }

    @Test
    void aRemovedDeviceIsNoLongerWatched() {
        server = new CoapSensorServer(TestConfig.LOOPBACK.withSilentAfter(2).options(), ingest, clock);
        CoapDevice device = TestDevices.plain("river-1", "", "level", "m", 60);
        server.addDevice(device);

        server.removeDevice(device);
        clock.advance(Duration.ofHours(1));
        server.checkSilence();

        assertThat(events(SilenceWatch.SILENT)).isEmpty();
    }
}
