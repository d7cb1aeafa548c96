package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.api.ClockQuality;
import java.lang.annotation.Annotation;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class CoapOptionsTest {

    @Test
    void rejectsHostNamesAndGarbageAsBindAddressNamingPid() {
        for (String bad : new String[] {"localhost", "gateway.example", "", "1.2.3.4.5.6"}) {
            assertThatThrownBy(() -> CoapOptions.from(config(bad, 5683, 4096, false, 30)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(CoapSensorServer.PID).hasMessageContaining("bind.address");
        }
    }

    @Test
    void rejectsOutOfRangeNumbers() {
        assertThatThrownBy(() -> CoapOptions.from(config("0.0.0.0", 70_000, 4096, false, 30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port '70000'");
        assertThatThrownBy(() -> CoapOptions.from(config("0.0.0.0", 5683, 0, false, 30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max.payload.bytes '0'");
        assertThatThrownBy(() -> CoapOptions.from(config("0.0.0.0", 5683, 4096, false, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("busy.max.age.seconds '0'");
    }

    @Test
    void mapsDefaultsAndClockFlag() {
        CoapOptions defaults = CoapOptions.from(config("0.0.0.0", 5683, 4096, false, 30));
        CoapOptions synced = CoapOptions.from(config("::", 5684, 1024, true, 60));

        assertThat(defaults).isEqualTo(new CoapOptions(new InetSocketAddress("0.0.0.0", 5683), 4096,
                ClockQuality.UNSYNCHRONISED, 30, 512));
        assertThat(synced.receiveClock()).isEqualTo(ClockQuality.SYNCHRONISED);
        assertThat(synced.bind().getAddress().isAnyLocalAddress()).isTrue();
    }

    static CoapSensorServerConfig config(String bind, int port, int maxPayload, boolean synced, int maxAge) {
        return new CoapSensorServerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return CoapSensorServerConfig.class;
            }

            @Override
            public String bind_address() {
                return bind;
            }

            @Override
            public int port() {
                return port;
            }

            @Override
            public int max_payload_bytes() {
                return maxPayload;
            }

            @Override
            public boolean clock_synchronised() {
                return synced;
            }

            @Override
            public int busy_max_age_seconds() {
                return maxAge;
            }

            @Override
            public int max_active_peers() {
                return 512;
            }
        };
    }
}
