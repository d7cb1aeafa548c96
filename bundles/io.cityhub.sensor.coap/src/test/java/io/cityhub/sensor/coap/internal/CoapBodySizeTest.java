package io.cityhub.sensor.coap.internal;

import static io.cityhub.sensor.coap.internal.LoopbackFixture.senmlOfSize;
import static io.cityhub.sensor.coap.internal.LoopbackFixture.uri;
import static org.assertj.core.api.Assertions.assertThat;

import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7 items 4 and 5: every body up to {@code max.payload.bytes} is answered, in one datagram as far as UDP
 * carries it and block-wise beyond, also at the metatype's largest limit; larger bodies get 4.13 with Size1.
 */
@Timeout(120)
class CoapBodySizeTest {

    /** The largest CoAP body one datagram carries here: the largest UDP payload less a small CoAP header. */
    private static final int LARGEST_SINGLE_DATAGRAM_BODY = 65_000;

    private final LoopbackFixture fixture = new LoopbackFixture();
    private CoapSensorServer server;

    @AfterEach
    void stop() {
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    @Test
    void answersEverySingleDatagramBodyUpToTheLimit() {
        server = start(4096);
        CoapClient client = fixture.singleDatagramClient();

        for (int size : new int[] {1024, 2030, 3072, 4090, 4096}) {
            CoapResponse response = post(client, "/readings/s-" + size, senmlOfSize(size));
            assertThat(response).as("answer to a %d-byte body in one datagram", size).isNotNull();
            assertThat(response.getCode()).as("%d bytes", size).isEqualTo(ResponseCode.CHANGED);
        }
        assertThat(fixture.buffer.durable()).hasSize(5);
    }

    @Test
    void answersASingleDatagramBodyAboveTheLimitWith413AndSize1() {
        server = start(4096);
        CoapClient client = fixture.singleDatagramClient();

        for (int size : new int[] {4097, 5120, LARGEST_SINGLE_DATAGRAM_BODY}) {
            CoapResponse response = post(client, "/readings/s-" + size, senmlOfSize(size));
            assertThat(response).as("answer to a %d-byte body in one datagram", size).isNotNull();
            assertThat(response.getCode()).as("%d bytes", size).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
            assertThat(response.getOptions().getSize1()).isEqualTo(4096);
        }
        assertThat(fixture.buffer.appendCalls()).isZero();
    }

    @Test
    void takesTheLargestBodiesTheMetatypeAllows() {
        // max.payload.bytes at the metatype's maximum, 1 MiB: the largest single datagram and a block-wise body of
        // exactly the limit are both taken, one byte more is refused
        server = start(CoapOptions.MAX_PAYLOAD_BYTES);

        CoapResponse single = post(fixture.singleDatagramClient(), "/readings/single",
                senmlOfSize(LARGEST_SINGLE_DATAGRAM_BODY));
        CoapClient blockwise = fixture.blockwiseClient();
        CoapResponse atLimit = post(blockwise, "/readings/at-limit", senmlOfSize(CoapOptions.MAX_PAYLOAD_BYTES));
        CoapResponse aboveLimit = post(blockwise, "/readings/above", senmlOfSize(CoapOptions.MAX_PAYLOAD_BYTES + 1));

        assertThat(single).isNotNull();
        assertThat(single.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(atLimit).isNotNull();
        assertThat(atLimit.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(aboveLimit).isNotNull();
        assertThat(aboveLimit.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(aboveLimit.getOptions().getSize1()).isEqualTo(CoapOptions.MAX_PAYLOAD_BYTES);
        assertThat(fixture.buffer.durable()).extracting(r -> r.sensorId()).containsExactly("single", "at-limit");
    }

    private CoapSensorServer start(int maxPayload) {
        return new CoapSensorServer(TestConfig.LOOPBACK.withMaxPayload(maxPayload).options(), fixture.ingest,
                fixture.clock);
    }

    private CoapResponse post(CoapClient client, String path, byte[] body) {
        client.setURI(uri(server, path));
        try {
            return client.post(body, MediaTypeRegistry.APPLICATION_SENML_JSON);
        } catch (org.eclipse.californium.elements.exception.ConnectorException | java.io.IOException e) {
            throw new AssertionError("POST " + path + " failed: " + e, e);
        }
    }
}
