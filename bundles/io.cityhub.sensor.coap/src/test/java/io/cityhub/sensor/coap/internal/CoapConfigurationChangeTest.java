package io.cityhub.sensor.coap.internal;

import static io.cityhub.sensor.coap.internal.LoopbackFixture.senmlOfSize;
import static io.cityhub.sensor.coap.internal.LoopbackFixture.uri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.buffer.BufferFullException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 7 items 5 and 12: the payload limit and the busy Max-Age change on the running socket; a configuration
 * that cannot be used fails with the agreed message, logged at ERROR, and a running server keeps what it had.
 */
@Timeout(60)
class CoapConfigurationChangeTest {

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
    void appliesPayloadLimitAndBusyMaxAgeWithoutRebindingTheSocket() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        InetSocketAddress before = server.address();
        CoapClient single = fixture.singleDatagramClient();
        CoapClient blockwise = fixture.blockwiseClient();
        assertThat(post(single, "/readings/a", senmlOfSize(600)).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(post(blockwise, "/readings/a", senmlOfSize(3000)).getCode()).isEqualTo(ResponseCode.CHANGED);

        server.modified(TestConfig.LOOPBACK.withMaxPayload(512).withBusyMaxAge(90));

        assertThat(server.address()).isEqualTo(before);
        CoapResponse oneDatagram = post(single, "/readings/b", senmlOfSize(600));
        assertThat(oneDatagram.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(oneDatagram.getOptions().getSize1()).isEqualTo(512);
        // the block-wise layer applies the new limit too, though Californium read the old one when it started
        CoapResponse blocks = post(blockwise, "/readings/b", senmlOfSize(3000));
        assertThat(blocks.getCode()).isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
        assertThat(blocks.getOptions().getSize1()).isEqualTo(512);
        fixture.buffer.failAppends(new BufferFullException("outbox at its bound"));
        CoapResponse busy = post(single, "/readings/c", senmlOfSize(100));
        assertThat(busy.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
        assertThat(busy.getOptions().getMaxAge()).isEqualTo(90L);
        assertThat(server.health()).containsEntry("maxPayloadBytes", 512);
    }

    @Test
    void aRaisedLimitHoldsForBlockwiseBodiesAtOnce() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        CoapClient blockwise = fixture.blockwiseClient();
        assertThat(post(blockwise, "/readings/a", senmlOfSize(20_000)).getCode())
                .isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);

        server.modified(TestConfig.LOOPBACK.withMaxPayload(65_536));

        // Californium's block-wise layer read 4096 when the endpoint was built; the new limit must reach it
        assertThat(post(blockwise, "/readings/b", senmlOfSize(20_000)).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(fixture.buffer.durable).hasSize(1);
    }

    @Test
    void movesToTheNewPortWhenThePortChanges() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        CoapClient client = fixture.singleDatagramClient();
        int newPort;
        try (java.net.DatagramSocket probe =
                new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            newPort = probe.getLocalPort();
        }

        server.modified(TestConfig.LOOPBACK.withBind("127.0.0.1", newPort).withMaxPayload(2000));

        assertThat(server.address().getPort()).isEqualTo(newPort);
        assertThat(post(client, "/readings/a", senmlOfSize(1500)).getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(post(client, "/readings/a", senmlOfSize(2500)).getCode())
                .isEqualTo(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
    }

    @Test
    void keepsTheOldSocketWhenTheNewPortIsTaken() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        try (java.net.DatagramSocket taken =
                new java.net.DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> server.modified(TestConfig.LOOPBACK.withBind("127.0.0.1", taken.getLocalPort())))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining(CoapSensorServer.PID);
        }

        assertThat(post(fixture.singleDatagramClient(), "/readings/a", senmlOfSize(100)).getCode())
                .isEqualTo(ResponseCode.CHANGED);
        // configured with port 0, the reopened socket has another free port; it serves all the same
        assertThat(server.health()).containsEntry("running", true);
    }

    @Test
    void refusesAnInvalidChangeLoggingItAndKeepsTheRunningOptions() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK.withMaxPayload(1000), fixture.ingest);

        String log = capturingStandardError(() -> assertThatThrownBy(() -> server.modified(
                TestConfig.LOOPBACK.withMaxPayload(0))).isInstanceOf(IllegalArgumentException.class));

        assertThat(log).contains("ERROR").contains(CoapSensorServer.PID + ": modification failed: "
                + CoapSensorServer.PID + ": attribute 'max.payload.bytes' has invalid value '0'; expected an integer"
                + " from 1 to 1048576");
        assertThat(post(fixture.singleDatagramClient(), "/readings/a", senmlOfSize(1000)).getCode())
                .isEqualTo(ResponseCode.CHANGED);
    }

    @Test
    void logsAFailedActivationAtErrorNamingPidAttributeAndReason() {
        String log = capturingStandardError(() -> assertThatThrownBy(() -> new CoapSensorServer(
                TestConfig.LOOPBACK.withReceiveBuffer(1024), fixture.ingest))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(CoapSensorServer.PID + ": attribute 'receive.buffer.bytes' has invalid value '1024';"
                        + " expected an integer from 65536 to 67108864"));

        assertThat(log).contains("ERROR").contains(CoapSensorServer.PID + ": activation failed: "
                + CoapSensorServer.PID + ": attribute 'receive.buffer.bytes' has invalid value '1024'");
    }

    @Test
    void logsAPortInUseAtError() {
        server = new CoapSensorServer(TestConfig.LOOPBACK, fixture.ingest);
        int taken = server.address().getPort();

        String log = capturingStandardError(() -> assertThatThrownBy(() -> new CoapSensorServer(
                TestConfig.LOOPBACK.withBind("127.0.0.1", taken), fixture.ingest))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(CoapSensorServer.PID));

        assertThat(log).contains("ERROR").contains(CoapSensorServer.PID + ": activation failed: cannot listen on udp");
    }

    /** slf4j-simple writes to whatever System.err is at the time of each log call (its default). */
    private static String capturingStandardError(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private CoapResponse post(CoapClient client, String path, byte[] body) throws Exception {
        client.setURI(uri(server, path));
        CoapResponse response = client.post(body, MediaTypeRegistry.APPLICATION_SENML_JSON);
        assertThat(response).as("answer to POST %s", path).isNotNull();
        return response;
    }
}
