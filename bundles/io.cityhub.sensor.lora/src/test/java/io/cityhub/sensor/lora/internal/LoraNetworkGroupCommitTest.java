package io.cityhub.sensor.lora.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.sensor.lora.gwmp.Rxpk;
import io.cityhub.sensor.lora.lorawan.Aes128;
import io.cityhub.sensor.lora.lorawan.AesCmac;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import io.cityhub.sensor.lora.lorawan.MType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The frames of a batch share one session commit: each is checked against its device's session as the frames before
 * it left it, nothing reaches ingest before the commit returns, and a failed commit drops the whole batch without
 * moving any counter, so the frames behind flow once the store works again.
 */
class LoraNetworkGroupCommitTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final long GW = 0xaa555a0000000101L;

    @TempDir
    Path dir;

    final LoraCounters counters = new LoraCounters(Clock.fixed(NOW, ZoneOffset.UTC),
            LoggerFactory.getLogger(LoraNetworkGroupCommitTest.class));
    final List<Reading> delivered = new CopyOnWriteArrayList<>();
    /** Readings of this sensor make the sink throw at once (a fault in ingest, not a refusal by receipt). */
    volatile String refuseSensor = "none";

    @Test
    void aStoreThatCannotWriteDropsTheBatchAsSessionStoreFailedAndTheFramesBehindFlowOnceItWorksAgain()
            throws Exception {
        Path sessions = dir.resolve("sessions");
        // the device's session exists from an earlier run; this run has not written anything yet
        new DeviceSession(device(0), new SessionStore(sessions)).acceptUplink(up(0, 0, "00"));
        SessionStore store = new SessionStore(sessions, SessionStore.DEFAULT_FOLD_BYTES, counters);
        LoraNetwork network = network();
        network.addDevice(new DeviceSession(device(0), store));
        // the data volume goes away (the tests run as root, for whom a read-only mode is no obstacle): in the
        // directory's place there is a plain file, so the journal cannot be opened
        Path away = dir.resolve("sessions.away");
        Files.move(sessions, away);
        Files.writeString(sessions, "not a directory");

        network.uplinks(List.of(heard(up(0, 1, "01"), NOW), heard(up(0, 2, "02"), NOW)));

        assertThat(counters.get("dropped.session_store_failed")).isEqualTo(2);
        assertThat(counters.get("sessions.commit_failed")).isEqualTo(1);
        assertThat(counters.get("uplinks.accepted")).isZero();
        assertThat(delivered).isEmpty();

        Files.delete(sessions);
        Files.move(away, sessions);
        // the device repeats frame 1 (later than the duplicate window): it is new, the failed batch moved nothing
        network.uplinks(List.of(heard(up(0, 1, "01"), NOW.plusSeconds(2)), heard(up(0, 2, "02"), NOW.plusSeconds(2))));

        assertThat(counters.get("uplinks.accepted")).isEqualTo(2);
        assertThat(counters.get("uplinks.retransmitted")).isZero();
        assertThat(delivered).extracting(r -> r.source().attributes().get("fCnt")).containsExactly("1", "2");
        assertThat(new SessionStore(sessions).load(device(0).devEui()).orElseThrow().fCntUpNext()).isEqualTo(3);
    }

    @Test
    void framesOfManyDevicesInterleavedInOneBatchShareOneCommitAndKeepEachDevicesOrder() throws Exception {
        SessionStore store = new SessionStore(dir, SessionStore.DEFAULT_FOLD_BYTES, counters);
        LoraNetwork network = network();
        int devices = 40;
        for (int d = 0; d < devices; d++) {
            network.addDevice(new DeviceSession(device(d), store));
        }
        long commitsBefore = counters.get("sessions.commits");
        List<LoraNetwork.Heard> batch = new ArrayList<>();
        for (int fCnt = 0; fCnt < 3; fCnt++) {
            for (int d = 0; d < devices; d++) {
                batch.add(heard(up(d, fCnt, String.format("%02x", fCnt)), NOW));
            }
        }
        // in the same batch, behind device 1's frame 2: its frame 0 again with another payload (a replay) and a
        // repeat of frame 2 with the same counter but other bytes than the duplicate filter knows (a retransmission)
        batch.add(heard(up(1, 0, "ff"), NOW));
        batch.add(heard(up(1, 2, "03"), NOW));

        network.uplinks(batch);

        assertThat(counters.get("sessions.commits") - commitsBefore).isEqualTo(1);
        assertThat(counters.get("sessions.committed_frames")).isEqualTo(3L * devices + 1);
        assertThat(counters.get("uplinks.accepted")).isEqualTo(3L * devices);
        assertThat(counters.get("uplinks.retransmitted")).isEqualTo(1);
        assertThat(counters.get("dropped.replay")).isEqualTo(1);
        for (int d = 0; d < devices; d++) {
            String sensor = "lora-" + d;
            assertThat(delivered).filteredOn(r -> r.sensorId().equals(sensor))
                    .extracting(r -> r.source().attributes().get("fCnt"))
                    .containsExactlyElementsOf(d == 1 ? List.of("0", "1", "2", "2") : List.of("0", "1", "2"));
        }
        SessionStore reopened = new SessionStore(dir);
        for (int d = 0; d < devices; d++) {
            assertThat(reopened.load(device(d).devEui()).orElseThrow().fCntUpNext()).isEqualTo(3);
        }
    }

    @Test
    void aFrameWhoseHandOffFailsDoesNotStrandTheFramesBehindIt() throws Exception {
        SessionStore store = new SessionStore(dir, SessionStore.DEFAULT_FOLD_BYTES, counters);
        LoraNetwork network = network();
        for (int d = 0; d < 3; d++) {
            network.addDevice(new DeviceSession(device(d), store));
        }
        refuseSensor = "lora-0";

        network.uplinks(List.of(heard(up(0, 0, "00"), NOW), heard(up(1, 0, "01"), NOW), heard(up(2, 0, "02"), NOW)));

        assertThat(counters.get("dropped.delivery_failed")).isEqualTo(1);
        assertThat(delivered).extracting(Reading::sensorId).containsOnly("lora-1", "lora-2");
    }

    static LoraDeviceOptions device(int i) {
        return new LoraDeviceOptions(0x70b3d57ed0000000L + i, false, null, new byte[0], 0x260e0000 + i,
                DeviceSessionTest.NWK, DeviceSessionTest.APP, "", "lora-" + i, false);
    }

    static DataFrame up(int device, long fCnt, String payloadHex) {
        return DataFrame.build(MType.UNCONFIRMED_DATA_UP, 0x260e0000 + device, 0, fCnt, new byte[0], 1,
                Bytes.fromHex(payloadHex), new AesCmac(DeviceSessionTest.NWK), new Aes128(DeviceSessionTest.APP));
    }

    static LoraNetwork.Heard heard(DataFrame frame, Instant at) {
        return new LoraNetwork.Heard(new Rxpk(1_000_000L, null, 868.1, 0, 0, 1, "LORA", "SF7BW125", "4/5", -50, 5.5,
                frame.phy()), GW, at);
    }

    private LoraNetwork network() {
        LoraGatewayOptions options = TestOptions.loopback();
        return new LoraNetwork(options, new RecordingSink(), () -> null, Clock.fixed(NOW, ZoneOffset.UTC),
                (gatewayEui, txpk) -> true, counters);
    }

    /** Takes every reading at once as durable. */
    private final class RecordingSink implements ObservationSink {

        @Override
        public CompletionStage<IngestReceipt> submit(List<Reading> readings) {
            if (readings.stream().anyMatch(r -> r.sensorId().equals(refuseSensor))) {
                throw new IllegalStateException("ingest fault for " + refuseSensor);
            }
            delivered.addAll(readings);
            return CompletableFuture.completedFuture(new IngestReceipt(readings.size(), 0, List.of()));
        }

        @Override
        public CompletionStage<IngestReceipt> submit(RawObservation observation) {
            throw new UnsupportedOperationException("the devices have no profile");
        }
    }
}
