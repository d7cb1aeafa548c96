package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.ClockQuality;
import io.cityhub.api.Reading;
import io.cityhub.api.ReadingValue;
import io.cityhub.api.buffer.BufferFullException;
import io.cityhub.api.buffer.BufferUnavailableException;
import io.cityhub.api.profile.PayloadCodec;
import io.cityhub.ingest.internal.IngestOptions;
import io.cityhub.ingest.internal.IngestPipeline;
import io.cityhub.profiles.internal.SenmlCborCodec;
import io.cityhub.profiles.internal.SenmlJsonCodec;
import io.cityhub.testing.InMemoryReadingBuffer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real server on loopback, wired to the real ingest pipeline and SenML codecs, with a test outbox. */
@Timeout(60)
class CoapSensorServerTest {

    private static final Instant NOW = Instant.parse("2026-11-27T08:00:00Z");
    private static final String ONE_READING =
            "[{\"bn\":\"urn:dev:ow:10e2073a01080063:\",\"n\":\"temp\",\"u\":\"Cel\",\"v\":23.1}]";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryReadingBuffer buffer = new InMemoryReadingBuffer();
    private final IngestPipeline ingest = new IngestPipeline(IngestOptions.DEFAULTS, buffer, clock);
    private CoapSensorServer server;
    private CoapClient client;

    @BeforeAll
    static void californiumWithoutPropertiesFile() {
        // the client side reads Configuration.getStandard(), which would write Californium3.properties (toolchain §1.1)
        CoapConfig.register();
        UdpConfig.register();
        Configuration.setStandard(Configuration.createStandardWithoutFile());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.deactivate();
        }
    }

    @Test
    void answersMalformedPayloadWith400AndKeepsServing() throws Exception {
        start(4096);

        CoapResponse bad = post("/readings", "[{\"n\":", MediaTypeRegistry.APPLICATION_SENML_JSON);
        CoapResponse good = post("/readings", ONE_READING, MediaTypeRegistry.APPLICATION_SENML_JSON);

        assertThat(bad.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(bad.getResponseText()).startsWith("application/senml+json: malformed payload");
        assertThat(good.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(ingest.health()).containsEntry("decodeErrors.application/senml+json", 1L);
    }

    @Test
    void aRetransmittedRequestIsAnsweredWithoutTakingItsReadingsTwice() throws Exception {
        start(4096);
        // RFC 7252 §4.5: a CON with the same message id from the same endpoint is a duplicate; the bounded
        // per-peer deduplicator must still recognise it
        byte[] path = "readings".getBytes(StandardCharsets.UTF_8);
        byte[] payload = ONE_READING.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream request = new java.io.ByteArrayOutputStream();
        request.write(new byte[] {0x42, 0x02, 0x12, 0x34, (byte) 0xAB, (byte) 0xCD});
        request.write(0xB0 | path.length); // Uri-Path (11), length 8
        request.write(path);
        request.write(new byte[] {0x11, 110}); // Content-Format (12 = 11 + 1): application/senml+json
        request.write(0xFF);
        request.write(payload);
        byte[] datagram = request.toByteArray();
        try (java.net.DatagramSocket socket =
                new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            java.net.DatagramPacket out = new java.net.DatagramPacket(datagram, datagram.length, server.address());
            socket.send(out);
            await().atMost(Duration.ofSeconds(10)).until(() -> receiveCode(socket) == 0x44);
            socket.send(out);
            assertThat(receiveCode(socket)).as("the duplicate is answered").isIn(0x00, 0x44);
        }
        assertThat(buffer.appendCalls()).isEqualTo(1);
    }

    /** @return the code of the next datagram (0 for an empty ACK), or -1 on timeout */
    private static int receiveCode(java.net.DatagramSocket socket) throws java.io.IOException {
        byte[] in = new byte[1500];
        java.net.DatagramPacket packet = new java.net.DatagramPacket(in, in.length);
        try {
            socket.receive(packet);
        } catch (java.net.SocketTimeoutException e) {
            return -1;
        }
        return in[1] & 0xFF;
    }

    @Test
    void answersUnsupportedContentFormatWith415() throws Exception {
        start(4096);

        CoapResponse text = post("/readings", ONE_READING, MediaTypeRegistry.APPLICATION_XML);
        CoapResponse none = post("/readings", ONE_READING, MediaTypeRegistry.UNDEFINED);

        assertThat(text.getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
        assertThat(none.getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
        assertThat(buffer.appendCalls()).isZero();
    }

    @Test
    void answersOversizePayloadWith413() throws Exception {
        start(256);

        CoapResponse response =
                post("/readings", " ".repeat(600) + ONE_READING, MediaTypeRegistry.APPLICATION_SENML_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(response.getOptions().getSize1()).isEqualTo(256);
        assertThat(buffer.appendCalls()).isZero();
    }

    @Test
    void answersOversizeBlockwisePayloadWith413() throws Exception {
        start(4096);

        // above the client's 1024-byte message size, so it is sent in Block1 transfers (RFC 7959)
        CoapResponse response =
                post("/readings", " ".repeat(5000) + ONE_READING, MediaTypeRegistry.APPLICATION_SENML_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(response.getOptions().getSize1()).as("Size1 tells the sensor the limit").isEqualTo(4096);
        assertThat(buffer.appendCalls()).isZero();
        // this 4.13 comes from Californium's block-wise layer, not from the resource; it is counted all the same
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(server.health())
                .containsEntry("responses.4.13", 1L).containsEntry("requests", 0L));
    }

    @Test
    void answersBufferFullWith503AndMaxAge() throws Exception {
        buffer.failAppends(new BufferFullException("outbox at its bound of 100000 readings"));
        start(4096);

        CoapResponse response = post("/readings", ONE_READING, MediaTypeRegistry.APPLICATION_SENML_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(response.getOptions().getMaxAge()).isEqualTo(30L);
        assertThat(response.getResponseText()).contains("100000");
    }

    @Test
    void answersBufferUnavailableWith503() throws Exception {
        buffer.failAppends(new BufferUnavailableException("disk full", null));
        start(4096);

        CoapResponse response = post("/readings", ONE_READING, MediaTypeRegistry.APPLICATION_SENML_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(response.getOptions().getMaxAge()).isEqualTo(30L);
    }

    @Test
    void answersUnknownPathWith404() throws Exception {
        start(4096);

        CoapResponse response = post("/readings/a/b", ONE_READING, MediaTypeRegistry.APPLICATION_SENML_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.NOT_FOUND);
    }

    @Test
    void answers204OnlyAfterTheReadingIsDurable() throws Exception {
        buffer.holdAppends();
        start(4096);
        CompletableFuture<CoapResponse> answer = new CompletableFuture<>();

        client.setURI(uri("/readings"));
        client.post(handler(answer), ONE_READING, MediaTypeRegistry.APPLICATION_SENML_JSON);
        await().atMost(Duration.ofSeconds(10)).until(() -> buffer.held().size() == 1);
        // a later request is answered while the POST's answer is still outstanding
        client.setURI(uri("/health"));
        CoapResponse health = client.get();

        assertThat(health.getCode()).isEqualTo(ResponseCode.CONTENT);
        assertThat(answer).isNotDone();
        assertThat(buffer.durable()).isEmpty();

        buffer.held().get(0).complete(null);

        CoapResponse response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(response.getResponseText()).isEqualTo("accepted=1 filtered=0 rejected=0");
        assertThat(buffer.durable()).singleElement().satisfies(r -> {
            assertThat(r.sensorId()).isEqualTo("urn:dev:ow:10e2073a01080063");
            assertThat(r.channel()).isEqualTo("temp");
            assertThat(r.value()).isEqualTo(ReadingValue.of(23.1));
            assertThat(r.unit()).isEqualTo("Cel");
            assertThat(r.timestamp()).isEqualTo(NOW);
            assertThat(r.clockQuality()).isEqualTo(ClockQuality.UNSYNCHRONISED);
            assertThat(r.source().transport()).isEqualTo("coap");
            assertThat(r.source().attributes()).containsKey("remote");
        });
    }

    @Test
    void takesSensorIdFromThePathAndCborPayloads() throws Exception {
        start(4096);
        // [{0: "door", 4: true}, {0: "fw", 3: "1.2"}] (RFC 8428 §6 integer labels)
        byte[] cbor = HexFormat.of().parseHex("82a20064646f6f7204f5a2006266770363312e32");

        client.setURI(uri("/readings/cabinet-3"));
        CoapResponse response = client.post(cbor, MediaTypeRegistry.APPLICATION_SENML_CBOR);

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(buffer.durable()).extracting(Reading::sensorId).containsOnly("cabinet-3");
        assertThat(buffer.durable()).extracting(Reading::channel).containsExactly("door", "fw");
    }

    @Test
    void takesPlainJsonAsSenmlJson() throws Exception {
        start(4096);

        CoapResponse response =
                post("/readings/lamp-17", "[{\"n\":\"no2\",\"v\":41}]", MediaTypeRegistry.APPLICATION_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(buffer.durable()).singleElement().extracting(Reading::channel).isEqualTo("no2");
    }

    @Test
    void reportsRejectedReadingsInTheReceipt() throws Exception {
        start(4096);

        // absolute time in 2033, beyond the default one day after the gateway clock
        CoapResponse response = post("/readings/s1", "[{\"n\":\"a\",\"v\":1},{\"n\":\"b\",\"t\":2000000000,\"v\":2}]",
                MediaTypeRegistry.APPLICATION_SENML_JSON);

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(response.getResponseText()).startsWith("accepted=1 filtered=0 rejected=1 first: s1/b@2033");
    }

    @Test
    void servesCountersAtHealth() throws Exception {
        start(4096);
        post("/readings", ONE_READING, MediaTypeRegistry.APPLICATION_SENML_JSON);
        post("/readings", "x", MediaTypeRegistry.APPLICATION_SENML_JSON);
        // a response is counted once it has left the socket, which may be just after the client saw it
        await().atMost(Duration.ofSeconds(10)).until(() -> server.health().get("responses.4.00").equals(1L));

        client.setURI(uri("/health"));
        String text = client.get().getResponseText();

        assertThat(text).contains("responses.2.04=1\n", "responses.4.00=1\n", "requests=2\n");
        assertThat(server.health()).containsEntry("responses.2.04", 1L).containsEntry("readings.accepted", 1L)
                .containsEntry("running", true).containsEntry("receiveClock", "UNSYNCHRONISED");
        assertThat(server.healthSection()).isEqualTo("coap");
    }

    @Test
    void failsToStartOnABusyPortNamingPid() {
        start(4096);
        InetSocketAddress taken = server.address();

        assertThatThrownBy(() -> new CoapSensorServer(
                new CoapOptions(taken, 4096, ClockQuality.UNSYNCHRONISED, 30, 512,
                        CoapOptions.DEFAULT_RECEIVE_BUFFER_BYTES, true, null, 3, 0, 10, 200), ingest, clock))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(CoapSensorServer.PID);
    }

    @Test
    void releasesThePortOnDeactivate() {
        start(4096);
        InetSocketAddress bound = server.address();
        server.deactivate();

        server = new CoapSensorServer(new CoapOptions(bound, 4096, ClockQuality.UNSYNCHRONISED, 30, 512,
                CoapOptions.DEFAULT_RECEIVE_BUFFER_BYTES, true, null, 3, 0, 10, 200), ingest, clock);

        assertThat(server.address().getPort()).isEqualTo(bound.getPort());
    }

    @Test
    void neverWritesCaliforniumPropertiesFile() {
        start(4096);

        assertThat(Files.exists(Path.of("Californium3.properties"))).isFalse();
    }

    private void start(int maxPayload) {
        ingest.addCodec(new SenmlJsonCodec(), Map.of(PayloadCodec.CODEC_ID, SenmlJsonCodec.ID));
        ingest.addCodec(new SenmlCborCodec(), Map.of(PayloadCodec.CODEC_ID, SenmlCborCodec.ID));
        server = new CoapSensorServer(
                new CoapOptions(
                        new InetSocketAddress("127.0.0.1", 0),
                        maxPayload,
                        ClockQuality.UNSYNCHRONISED,
                        30,
                        512,
                        CoapOptions.DEFAULT_RECEIVE_BUFFER_BYTES,
                        true,
                        null,
                        3,
                        0,
                        10,
                        CoapOptions.DEFAULT_ACK_DELAY_MILLIS),
                ingest,
                clock);
        client = new CoapClient();
        client.setEndpoint(new CoapEndpoint.Builder().setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .setConfiguration(Configuration.createStandardWithoutFile()).build());
        client.setTimeout(10_000L);
    }

    private CoapResponse post(String path, String payload, int contentFormat) throws Exception {
        client.setURI(uri(path));
        CoapResponse response = client.post(payload.getBytes(StandardCharsets.UTF_8), contentFormat);
        assertThat(response).as("response to POST %s", path).isNotNull();
        return response;
    }

    private String uri(String path) {
        return "coap://127.0.0.1:" + server.address().getPort() + path;
    }

    private static CoapHandler handler(CompletableFuture<CoapResponse> answer) {
        return new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                answer.complete(response);
            }

            @Override
            public void onError() {
                answer.completeExceptionally(new AssertionError("request failed"));
            }
        };
    }
}
