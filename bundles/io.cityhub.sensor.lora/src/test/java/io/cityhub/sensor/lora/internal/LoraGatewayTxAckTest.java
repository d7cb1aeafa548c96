package io.cityhub.sensor.lora.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.sensor.lora.gwmp.GwmpDatagram;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TX_ACK arrives over unauthenticated UDP: whatever a sender writes as its error, the gateway's counters (and so its
 * health report) only ever hold the error names PROTOCOL.md §6 defines.
 */
class LoraGatewayTxAckTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final long GW = 0xaa555a0000000101L;

    @TempDir
    Path sessions;

    LoraGateway gateway;
    DatagramSocket forwarder;

    @BeforeEach
    void start() throws Exception {
        LoraGatewayOptions options = TestOptions.loopback();
        gateway = new LoraGateway(options, sessions, new RefusingSink(), Clock.systemUTC());
        forwarder = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() throws Exception {
        forwarder.close();
        gateway.deactivate();
    }

    @Test
    void anUnknownTxAckErrorIsCountedAsOtherAndCreatesNoCounterOfItsOwn() throws Exception {
        int arbitrary = 50;
        for (int i = 0; i < arbitrary; i++) {
            txAck(i, "{\"txpk_ack\":{\"error\":\"SENDER_CHOSEN_" + i + "\"}}");
        }
        txAck(arbitrary, "{\"txpk_ack\":{\"error\":\"TOO_LATE\"}}");
        txAck(arbitrary + 1, null);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(gateway.counter("tx_ack.OTHER")).isEqualTo(arbitrary);
            assertThat(gateway.counter("tx_ack.TOO_LATE")).isEqualTo(1);
            assertThat(gateway.counter("tx_ack.NONE")).isEqualTo(1);
        });
        assertThat(gateway.counter("dropped.downlink_refused")).isEqualTo(arbitrary + 1);
        assertThat(gateway.health().keySet()).filteredOn(k -> k.startsWith("tx_ack."))
                .containsExactlyInAnyOrder("tx_ack.OTHER", "tx_ack.TOO_LATE", "tx_ack.NONE");
    }

    private void txAck(int token, String json) throws Exception {
        byte[] data = GwmpDatagram.fromGateway(token, GwmpDatagram.Type.TX_ACK, GW, json);
        forwarder.send(new DatagramPacket(data, data.length, gateway.address()));
    }

    /** The test sends no uplinks; a reading reaching ingest would be a failure of the test itself. */
    private static final class RefusingSink implements ObservationSink {

        @Override
        public CompletionStage<IngestReceipt> submit(List<Reading> readings) {
            return CompletableFuture.failedFuture(new AssertionError("no uplink was sent"));
        }

        @Override
        public CompletionStage<IngestReceipt> submit(RawObservation observation) {
            return CompletableFuture.failedFuture(new AssertionError("no uplink was sent"));
        }
    }
}
