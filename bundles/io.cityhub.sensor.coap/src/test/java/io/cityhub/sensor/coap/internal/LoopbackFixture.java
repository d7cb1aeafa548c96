package io.cityhub.sensor.coap.internal;

import io.cityhub.api.profile.PayloadCodec;
import io.cityhub.ingest.internal.IngestOptions;
import io.cityhub.ingest.internal.IngestPipeline;
import io.cityhub.ingest.internal.TestBuffer;
import io.cityhub.profiles.internal.SenmlCborCodec;
import io.cityhub.profiles.internal.SenmlJsonCodec;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * The real ingest pipeline with the real SenML codecs and a test outbox, and Californium clients on loopback;
 * closes every client it made. The server is made by each test, so it can choose how.
 */
final class LoopbackFixture implements AutoCloseable {

    /** The system clock, as the DS constructor uses it, so ingest takes what the server stamps. */
    final Clock clock = Clock.systemUTC();
    final TestBuffer buffer = new TestBuffer();
    final IngestPipeline ingest = new IngestPipeline(IngestOptions.DEFAULTS, buffer, clock);
    private final List<CoapClient> clients = new ArrayList<>();

    LoopbackFixture() {
        CoapConfig.register();
        UdpConfig.register();
        // the client side reads Configuration.getStandard(), which would write Californium3.properties (toolchain §1.1)
        Configuration.setStandard(Configuration.createStandardWithoutFile());
        ingest.addCodec(new SenmlJsonCodec(), Map.of(PayloadCodec.CODEC_ID, SenmlJsonCodec.ID));
        ingest.addCodec(new SenmlCborCodec(), Map.of(PayloadCodec.CODEC_ID, SenmlCborCodec.ID));
    }

    /** @return a client that sends bodies above 1,024 bytes block-wise in blocks of 1,024 (RFC 7959) */
    CoapClient blockwiseClient() {
        Configuration configuration = Configuration.createStandardWithoutFile();
        configuration.set(CoapConfig.PREFERRED_BLOCK_SIZE, 1024);
        return client(configuration);
    }

    /** @return a client that sends every body in one datagram, however large, as simple sensors do */
    CoapClient singleDatagramClient() {
        Configuration configuration = Configuration.createStandardWithoutFile();
        configuration.set(CoapConfig.MAX_MESSAGE_SIZE, CoapOptions.MAX_DATAGRAM_BYTES);
        configuration.set(UdpConfig.UDP_DATAGRAM_SIZE, CoapOptions.MAX_DATAGRAM_BYTES);
        return client(configuration);
    }

    private CoapClient client(Configuration configuration) {
        CoapClient client = new CoapClient();
        client.setEndpoint(new CoapEndpoint.Builder().setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0))
                .setConfiguration(configuration).build());
        client.setTimeout(20_000L);
        clients.add(client);
        return client;
    }

    /**
     * @param bytes exact size of the body
     * @return a SenML JSON pack of one reading, padded with blanks to {@code bytes}
     */
    static byte[] senmlOfSize(int bytes) {
        String reading = "[{\"n\":\"temp\",\"u\":\"Cel\",\"v\":21.5}";
        if (bytes < reading.length() + 1) {
            throw new IllegalArgumentException("too small: " + bytes);
        }
        return (reading + " ".repeat(bytes - reading.length() - 1) + "]")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String uri(CoapSensorServer server, String path) {
        return "coap://127.0.0.1:" + server.address().getPort() + path;
    }

    @Override
    public void close() {
        clients.forEach(CoapClient::shutdown);
    }
}
