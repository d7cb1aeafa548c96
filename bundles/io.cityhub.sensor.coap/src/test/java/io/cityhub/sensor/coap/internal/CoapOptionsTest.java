package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.ClockQuality;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class CoapOptionsTest {

    private static final TestConfig DEFAULTS = TestConfig.LOOPBACK.withBind("0.0.0.0", 5683);

    @Test
    void rejectsHostNamesAndGarbageAsBindAddressInTheAgreedShape() {
        for (String bad : new String[] {"localhost", "gateway.example", "", "1.2.3.4.5.6"}) {
            assertThatThrownBy(() -> CoapOptions.from(DEFAULTS.withBind(bad, 5683)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(CoapSensorServer.PID + ": attribute 'bind.address' has invalid value '" + bad
                            + "'; expected a literal IPv4 or IPv6 address such as 0.0.0.0 or ::");
        }
    }

    @Test
    void takesExactlyTheBoundsTheMetatypeDeclares() {
        checkBounds("port", CoapOptions.MIN_PORT, CoapOptions.MAX_PORT, v -> DEFAULTS.withBind("0.0.0.0", v));
        checkBounds("max.payload.bytes", CoapOptions.MIN_PAYLOAD_BYTES, CoapOptions.MAX_PAYLOAD_BYTES,
                DEFAULTS::withMaxPayload);
        checkBounds("busy.max.age.seconds", CoapOptions.MIN_BUSY_MAX_AGE_SECONDS,
                CoapOptions.MAX_BUSY_MAX_AGE_SECONDS, DEFAULTS::withBusyMaxAge);
        checkBounds("max.active.peers", CoapOptions.MIN_ACTIVE_PEERS, CoapOptions.MAX_ACTIVE_PEERS,
                DEFAULTS::withMaxActivePeers);
        checkBounds("receive.buffer.bytes", CoapOptions.MIN_RECEIVE_BUFFER_BYTES,
                CoapOptions.MAX_RECEIVE_BUFFER_BYTES, DEFAULTS::withReceiveBuffer);
        checkBounds("dtls.port", CoapOptions.MIN_PORT, CoapOptions.MAX_PORT, v -> DEFAULTS.withDtlsBind("::", v));
        checkBounds("silent.after.intervals", CoapOptions.MIN_SILENT_AFTER_INTERVALS,
                CoapOptions.MAX_SILENT_AFTER_INTERVALS, DEFAULTS::withSilentAfter);
        checkBounds("rate.limit.per.minute", CoapOptions.MIN_RATE_PER_MINUTE, CoapOptions.MAX_RATE_PER_MINUTE,
                v -> DEFAULTS.withRateLimit(v, 10));
        checkBounds("rate.limit.burst", CoapOptions.MIN_RATE_BURST, CoapOptions.MAX_RATE_BURST,
                v -> DEFAULTS.withRateLimit(60, v));
        checkBounds("ack.delay.ms", CoapOptions.MIN_ACK_DELAY_MILLIS, CoapOptions.MAX_ACK_DELAY_MILLIS,
                DEFAULTS::withAckDelay);
    }

    @Test
    void refusesToListenNowhere() {
        assertThatThrownBy(() -> CoapOptions.from(DEFAULTS.withoutDtls(false)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(CoapSensorServer.PID + ": attribute 'coap.enabled' has invalid value 'false'; expected"
                        + " true while dtls.enabled is false (the server must listen somewhere)");
        assertThatCode(() -> CoapOptions.from(DEFAULTS.withDtls(false))).doesNotThrowAnyException();
    }

    @Test
    void rejectsAHostNameAsDtlsBindAddress() {
        assertThatThrownBy(() -> CoapOptions.from(DEFAULTS.withDtlsBind("gateway.local", 5684)))
                .hasMessage(CoapSensorServer.PID + ": attribute 'dtls.bind.address' has invalid value 'gateway.local';"
                        + " expected a literal IPv4 or IPv6 address such as 0.0.0.0 or ::");
        // off: its address is not looked at
        assertThatCode(() -> CoapOptions.from(DEFAULTS.withDtlsBind("gateway.local", 5684).withoutDtls(true)))
                .doesNotThrowAnyException();
    }

    private static void checkBounds(String attribute, int min, int max, IntFunction<TestConfig> config) {
        assertThatCode(() -> CoapOptions.from(config.apply(min))).as(attribute + " = min").doesNotThrowAnyException();
        assertThatCode(() -> CoapOptions.from(config.apply(max))).as(attribute + " = max").doesNotThrowAnyException();
        for (int bad : new int[] {min - 1, max + 1}) {
            assertThatThrownBy(() -> CoapOptions.from(config.apply(bad))).as(attribute + " = " + bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(CoapSensorServer.PID + ": attribute '" + attribute + "' has invalid value '" + bad
                            + "'; expected an integer from " + min + " to " + max);
        }
    }

    @Test
    void testDefaultsAreTheMetatypeDefaults() throws Exception {
        for (Method attribute : CoapSensorServerConfig.class.getDeclaredMethods()) {
            Object fromMetatype = attribute.getDefaultValue();
            Object fromFixture = TestConfig.class.getMethod(attribute.getName()).invoke(DEFAULTS);
            assertThat(fromFixture).as(attribute.getName()).isEqualTo(fromMetatype);
        }
    }

    @Test
    void mapsDefaultsAndClockFlag() {
        CoapOptions defaults = CoapOptions.from(DEFAULTS);
        CoapOptions synced = CoapOptions.from(DEFAULTS.withBind("::", 5684).withClockSynchronised(true));

        assertThat(defaults).isEqualTo(new CoapOptions(new InetSocketAddress("0.0.0.0", 5683), 4096,
                ClockQuality.UNSYNCHRONISED, 30, 512, 4_194_304, true, null, 3, 0, 10, 200));
        assertThat(synced.receiveClock()).isEqualTo(ClockQuality.SYNCHRONISED);
        assertThat(synced.bind().getAddress().isAnyLocalAddress()).isTrue();
    }

    @Test
    void onlySocketAttributesNeedARestart() {
        CoapOptions running = CoapOptions.from(DEFAULTS);

        assertThat(running.needsRestartFor(CoapOptions.from(DEFAULTS.withMaxPayload(100).withBusyMaxAge(5)
                .withClockSynchronised(true)))).isFalse();
        assertThat(running.needsRestartFor(CoapOptions.from(DEFAULTS.withBind("0.0.0.0", 5684)))).isTrue();
        assertThat(running.needsRestartFor(CoapOptions.from(DEFAULTS.withMaxActivePeers(10)))).isTrue();
        assertThat(running.needsRestartFor(CoapOptions.from(DEFAULTS.withReceiveBuffer(65_536)))).isTrue();
        assertThat(running.needsRestartFor(CoapOptions.from(DEFAULTS.withDtls(true)))).isTrue();
        assertThat(running.needsRestartFor(CoapOptions.from(DEFAULTS.withRateLimit(5, 5).withSilentAfter(9))))
                .isFalse();
    }
}
