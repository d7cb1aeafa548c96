package io.cityhub.sensor.lora.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.api.Reading;
import io.cityhub.api.ingest.IngestReceipt;
import io.cityhub.api.ingest.ObservationSink;
import io.cityhub.api.ingest.RawObservation;
import io.cityhub.sensor.lora.lorawan.Bytes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two device configurations with the same DevEUI (a copy-paste in Kura's UI): the second is refused before its session
 * is opened, so the first keeps its session file and stays served, also when the second is removed again.
 */
class LoraGatewayDevicesTest {

    @TempDir
    Path sessions;

    LoraGateway gateway;

    @BeforeEach
    void start() {
        LoraGatewayOptions options = TestOptions.loopback();
        gateway = new LoraGateway(options, sessions, new NoUplinksSink(), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        gateway.deactivate();
    }

    @Test
    void aSecondDeviceWithTheSameDevEuiIsRefusedAndNeitherReplacesNorRemovesTheFirst() throws Exception {
        LoraDevice first = new LoraDevice(DeviceSessionTest.abp(false));
        byte[] otherKey = Bytes.fromHex("000102030405060708090a0b0c0d0e0f");
        LoraDevice copy = new LoraDevice(new LoraDeviceOptions(first.options().devEui(), false, null, new byte[0],
                0x01020304, otherKey, otherKey, "", "copy", false));

        gateway.addDevice(first);
        gateway.addDevice(copy);

        assertThat(gateway.counter("devices.duplicate_dev_eui")).isEqualTo(1);
        SessionState stored = new SessionStore(sessions).load(first.options().devEui()).orElseThrow();
        assertThat(stored.devAddr()).isEqualTo(DeviceSessionTest.DEV_ADDR);
        assertThat(stored.nwkSKey()).isEqualTo(DeviceSessionTest.NWK);

        gateway.removeDevice(copy);

        assertThat(gateway.health()).containsEntry("devices", 1);
        gateway.removeDevice(first);
        assertThat(gateway.health()).containsEntry("devices", 0);
    }

    /** The test sends no uplinks. */
    private static final class NoUplinksSink implements ObservationSink {

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
