package io.cityhub.sensor.lora.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.sensor.lora.gwmp.Rxpk;
import io.cityhub.sensor.lora.gwmp.Txpk;
import io.cityhub.sensor.lora.lorawan.Aes128;
import io.cityhub.sensor.lora.lorawan.AesCmac;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import io.cityhub.sensor.lora.lorawan.MType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Ingest completes a submission normally even when it refuses the readings in it (the receipt lists them): such a
 * frame's readings are counted as refused, never as durable, and a confirmed uplink is still answered because a
 * repeat would be refused the same way.
 */
class LoraNetworkIngestReceiptTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final long GW = 0xaa555a0000000101L;

    @TempDir
    Path dir;

    final List<Txpk> downlinks = new CopyOnWriteArrayList<>();
    final LoraCounters counters = new LoraCounters(Clock.fixed(NOW, ZoneOffset.UTC),
            LoggerFactory.getLogger(LoraNetworkIngestReceiptTest.class));

    @Test
    void readingsIngestRefusesAreCountedAsRefusedNotDurableAndTheConfirmedUplinkIsStillAcknowledged()
            throws Exception {
        LoraNetwork network = network(new ReceiptSink(new IngestReceipt(0, 0,
                List.of("s1/payload: timestamp more than 300 s in the future"))));

        network.uplink(rxpk(confirmedUp(0, "2a")), GW, NOW);

        assertThat(counters.get("dropped.ingest_rejected")).isEqualTo(1);
        assertThat(counters.get("readings.durable")).isZero();
        assertThat(counters.get("acks.sent")).isEqualTo(1);
        assertThat(downlinks).hasSize(1);
    }

    @Test
    void readingsIngestAcceptsAreCountedAsDurable() throws Exception {
        LoraNetwork network = network(new ReceiptSink(new IngestReceipt(1, 0, List.of())));

        network.uplink(rxpk(confirmedUp(0, "2a")), GW, NOW);

        assertThat(counters.get("readings.durable")).isEqualTo(1);
        assertThat(counters.get("dropped.ingest_rejected")).isZero();
        assertThat(counters.get("acks.sent")).isEqualTo(1);
    }

    private LoraNetwork network(ObservationSink sink) throws Exception {
        LoraGatewayOptions options = TestOptions.loopback();
        LoraNetwork network = new LoraNetwork(options, sink, () -> null, Clock.fixed(NOW, ZoneOffset.UTC),
                (gatewayEui, txpk) -> downlinks.add(txpk), counters);
        network.addDevice(new DeviceSession(DeviceSessionTest.abp(false), new SessionStore(dir)));
        return network;
    }

    private static DataFrame confirmedUp(long fCnt, String payloadHex) {
        return DataFrame.build(MType.CONFIRMED_DATA_UP, DeviceSessionTest.DEV_ADDR, 0, fCnt, new byte[0], 1,
                Bytes.fromHex(payloadHex), new AesCmac(DeviceSessionTest.NWK), new Aes128(DeviceSessionTest.APP));
    }

    private static Rxpk rxpk(DataFrame frame) {
        return new Rxpk(1_000_000L, null, 868.1, 0, 0, 1, "LORA", "SF7BW125", "4/5", -50, 5.5, frame.phy());
    }

    /** Completes every submission at once with the given receipt. */
    private record ReceiptSink(IngestReceipt receipt) implements ObservationSink {

        @Override
        public CompletionStage<IngestReceipt> submit(List<Reading> readings) {
            return CompletableFuture.completedFuture(receipt);
        }

        @Override
        public CompletionStage<IngestReceipt> submit(RawObservation observation) {
            throw new UnsupportedOperationException("the LoRa source hands over decoded readings");
        }
    }
}
