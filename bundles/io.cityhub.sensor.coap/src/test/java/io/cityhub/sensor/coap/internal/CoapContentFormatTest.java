package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.ChannelSpec;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.api.profile.DeviceProfileRegistry;
import io.cityhub.api.profile.PayloadCodec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 10, content formats: one number as text/plain (0) on the channel of the device's profile or configuration,
 * and application/octet-stream (42) decoded by the codec the device's profile names; what is missing is named in a
 * 4.15, a body that is not a number gets 4.00.
 */
@Timeout(60)
class CoapContentFormatTest {

    /** Two big-endian 16-bit values: level in cm, temperature in 0.1 °C. */
    private static final PayloadCodec TWO_SHORTS = new PayloadCodec() {
        @Override
        public String id() {
            return "test-two-shorts";
        }

        @Override
        public List<Reading> decode(RawObservation o) throws DecodeException {
            byte[] b = o.payload();
            if (b.length != 4) {
                throw new DecodeException(id(), "expected 4 bytes, got " + b.length);
            }
            return List.of(
                    Reading.of(o.sensorId(), "level", ReadingValue.of(((b[0] & 0xFF) << 8 | b[1] & 0xFF) / 100.0), "m",
                            o.receivedAt(), o.receiveClock(), o.source()),
                    Reading.of(o.sensorId(), "temperature", ReadingValue.of((short) ((b[2] & 0xFF) << 8 | b[3] & 0xFF)
                            / 10.0), "Cel", o.receivedAt(), o.receiveClock(), o.source()));
        }
    };

    private static final DeviceProfile GAUGE = new DeviceProfile("acme-gauge", "Acme", "Gauge", "coap",
            "test-two-shorts", List.of(new ChannelSpec("water-level", "m", 0, 20),
                    new ChannelSpec("temperature", "Cel", -40, 85)));
    private static final DeviceProfile OTHER = new DeviceProfile("acme-other", "Acme", "Other", "coap",
            "not-installed", List.of(new ChannelSpec("x", "", 0, 1)));

    /** The registry as the profiles bundle provides it: profiles by id, and none assigned by sensor id here. */
    private static final DeviceProfileRegistry REGISTRY = new DeviceProfileRegistry() {
        @Override
        public Optional<DeviceProfile> profile(String profileId) {
            return List.of(GAUGE, OTHER).stream().filter(p -> p.id().equals(profileId)).findFirst();
        }

        @Override
        public Optional<DeviceProfile> profileOf(String sensorId) {
            return Optional.empty();
        }

        @Override
        public Collection<DeviceProfile> profiles() {
            return List.of(GAUGE, OTHER);
        }
    };

    private final LoopbackFixture fixture = new LoopbackFixture();
    private CoapSensorServer server;
    private CoapClient client;

    @AfterEach
    void stop() {
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    private void start() {
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        client = fixture.singleDatagramClient();
    }

    private CoapResponse post(String path, byte[] body, int format) throws Exception {
        client.setURI(LoopbackFixture.uri(server, path));
        return client.post(body, format);
    }

    @Test
    void refusesATextNumberFromASensorWithoutChannelNamingWhatIsMissing() throws Exception {
        start();

        CoapResponse unknown = post("/readings/probe-9", TestDevices.utf8("21.5"), MediaTypeRegistry.TEXT_PLAIN);
        CoapResponse noSensor = post("/readings", TestDevices.utf8("21.5"), MediaTypeRegistry.TEXT_PLAIN);

        assertThat(unknown.getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
        assertThat(unknown.getResponseText()).contains("probe-9", "channel");
        assertThat(noSensor.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(fixture.buffer.durable()).isEmpty();
    }

    @Test
    void refusesTextThatIsNotOneFiniteNumber() throws Exception {
        start();
        server.addDevice(TestDevices.plain("probe-1", "", "temperature", "Cel", 0));

        for (String bad : new String[] {"", "abc", "NaN", "Infinity", "1e999", "0x10", "1,5", "1 2", "21.5C"}) {
            CoapResponse response = post("/readings/probe-1", TestDevices.utf8(bad), MediaTypeRegistry.TEXT_PLAIN);
            assertThat(response.getCode()).as("'%s'", bad).isEqualTo(ResponseCode.BAD_REQUEST);
        }
        CoapResponse notUtf8 = post("/readings/probe-1", new byte[] {(byte) 0xC3, (byte) 0x28},
                MediaTypeRegistry.TEXT_PLAIN);
        assertThat(notUtf8.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(fixture.buffer.durable()).isEmpty();
    }

    @Test
    void takesATextNumberOnTheConfiguredChannel() throws Exception {
        start();
        server.addDevice(TestDevices.plain("probe-1", "", "temperature", "Cel", 0));

        assertThat(post("/readings/probe-1", TestDevices.utf8(" -3.25e1\n"), MediaTypeRegistry.TEXT_PLAIN).getCode())
                .isEqualTo(ResponseCode.CHANGED);

        assertThat(fixture.buffer.durable()).singleElement().satisfies(r -> {
            assertThat(r.sensorId()).isEqualTo("probe-1");
            assertThat(r.channel()).isEqualTo("temperature");
            assertThat(r.unit()).isEqualTo("Cel");
            assertThat(r.value()).isEqualTo(ReadingValue.of(-32.5));
        });
    }

    @Test
    void takesTheChannelOfTheProfileOverTheConfiguredOne() throws Exception {
        start();
        server.bindProfiles(REGISTRY);
        server.addDevice(TestDevices.plain("gauge-1", "acme-gauge", "ignored", "", 0));

        assertThat(post("/readings/gauge-1", TestDevices.utf8("4.2"), MediaTypeRegistry.TEXT_PLAIN).getCode())
                .isEqualTo(ResponseCode.CHANGED);

        assertThat(fixture.buffer.durable()).singleElement().satisfies(r -> {
            assertThat(r.channel()).isEqualTo("water-level");
            assertThat(r.unit()).isEqualTo("m");
        });
    }

    @Test
    void refusesOctetsNamingWhatIsMissing() throws Exception {
        start();
        server.addDevice(TestDevices.plain("gauge-1", "acme-gauge", "", "", 0));
        server.addDevice(TestDevices.plain("other-1", "acme-other", "", "", 0));
        server.addDevice(TestDevices.plain("bare-1", "", "", "", 0));
        byte[] body = {0x01, (byte) 0xA4, 0x00, (byte) 0xD7};

        CoapResponse noRegistry = post("/readings/gauge-1", body, MediaTypeRegistry.APPLICATION_OCTET_STREAM);
        server.bindProfiles(REGISTRY);
        CoapResponse noProfile = post("/readings/bare-1", body, MediaTypeRegistry.APPLICATION_OCTET_STREAM);
        CoapResponse noCodec = post("/readings/other-1", body, MediaTypeRegistry.APPLICATION_OCTET_STREAM);
        CoapResponse gaugeWithoutCodec = post("/readings/gauge-1", body, MediaTypeRegistry.APPLICATION_OCTET_STREAM);
        CoapResponse noSensor = post("/readings", body, MediaTypeRegistry.APPLICATION_OCTET_STREAM);

        assertThat(noRegistry.getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
        assertThat(noRegistry.getResponseText()).contains("no device-profile registry");
        assertThat(noProfile.getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
        assertThat(noProfile.getResponseText()).contains("bare-1", "no device profile");
        assertThat(noCodec.getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
        assertThat(noCodec.getResponseText()).contains("'not-installed'", "'acme-other'", "not installed");
        assertThat(gaugeWithoutCodec.getResponseText()).contains("'test-two-shorts'", "not installed");
        assertThat(noSensor.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(fixture.buffer.durable()).isEmpty();
    }

    @Test
    void decodesOctetsWithTheProfilesCodec() throws Exception {
        start();
        server.bindProfiles(REGISTRY);
        server.addDevice(TestDevices.plain("gauge-1", "acme-gauge", "", "", 0));
        Map<String, Object> properties = Map.of(PayloadCodec.CODEC_ID, TWO_SHORTS.id());
        server.addCodec(TWO_SHORTS, properties);
        fixture.ingest.addCodec(TWO_SHORTS, properties);

        CoapResponse good = post("/readings/gauge-1", new byte[] {0x01, (byte) 0xA4, 0x00, (byte) 0xD7},
                MediaTypeRegistry.APPLICATION_OCTET_STREAM);
        CoapResponse bad = post("/readings/gauge-1", new byte[] {0x01}, MediaTypeRegistry.APPLICATION_OCTET_STREAM);

        assertThat(good.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(good.getResponseText()).startsWith("accepted=2");
        assertThat(fixture.buffer.durable()).extracting(Reading::channel, Reading::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("level", ReadingValue.of(4.2)),
                org.assertj.core.groups.Tuple.tuple("temperature", ReadingValue.of(21.5)));
        // the edge filters find the device's default filters by the profile its source names
        assertThat(fixture.buffer.durable()).allSatisfy(r -> assertThat(r.source().attributes())
                .containsEntry(io.cityhub.api.SourceMetadata.PROFILE, "acme-gauge"));
        assertThat(bad.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(bad.getResponseText()).contains("expected 4 bytes");

        server.removeCodec(TWO_SHORTS, properties);
        assertThat(post("/readings/gauge-1", new byte[] {0, 0, 0, 0}, MediaTypeRegistry.APPLICATION_OCTET_STREAM)
                .getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
    }

    @Test
    void aReplacedRegistryGoingAwayLeavesItsReplacementBound() throws Exception {
        start();
        server.addDevice(TestDevices.plain("gauge-1", "acme-gauge", "", "", 0));
        DeviceProfileRegistry replacement = new DeviceProfileRegistry() {
            @Override
            public Optional<DeviceProfile> profile(String profileId) {
                return REGISTRY.profile(profileId);
            }

            @Override
            public Optional<DeviceProfile> profileOf(String sensorId) {
                return Optional.empty();
            }

            @Override
            public Collection<DeviceProfile> profiles() {
                return REGISTRY.profiles();
            }
        };

        // a greedy optional reference binds the better service first, then unbinds the old one
        server.bindProfiles(REGISTRY);
        server.bindProfiles(replacement);
        server.unbindProfiles(REGISTRY);

        assertThat(post("/readings/gauge-1", TestDevices.utf8("4.2"), MediaTypeRegistry.TEXT_PLAIN).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        assertThat(fixture.buffer.durable()).singleElement().extracting(Reading::channel).isEqualTo("water-level");
    }
}
