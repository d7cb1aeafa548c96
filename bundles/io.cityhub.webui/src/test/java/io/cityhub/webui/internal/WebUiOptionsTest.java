package io.cityhub.webui.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebUiOptionsTest {

    /** A configuration with the metatype defaults, fields changed per test. */
    private static class Config implements WebUiConfig {
        String bind = "127.0.0.1";
        int port = 8088;
        int threads = 2;
        int maxRequest = 65_536;
        int idle = 30;
        int silent = 900;

        @Override
        public Class<? extends Annotation> annotationType() {
            return WebUiConfig.class;
        }

        @Override
        public boolean enabled() {
            return true;
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
        public int threads() {
            return threads;
        }

        @Override
        public int max_request_bytes() {
            return maxRequest;
        }

        @Override
        public int session_idle_minutes() {
            return idle;
        }

        @Override
        public int silent_after_seconds() {
            return silent;
        }

        @Override
        public String credentials_file() {
            return "";
        }
    }

    @Test
    void refusesValuesOutsideTheMetatypeBoundsNamingPidAttributeAndValue() {
        Config port = new Config();
        port.port = 65_536;
        Config threads = new Config();
        threads.threads = 0;
        Config bind = new Config();
        bind.bind = "  ";
        Config silent = new Config();
        silent.silent = 9;

        assertThatThrownBy(() -> WebUiOptions.from(port)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("io.cityhub.webui.WebUi: attribute 'port' has invalid value '65536'; expected between 1"
                        + " and 65535");
        assertThatThrownBy(() -> WebUiOptions.from(threads)).hasMessageContaining("'threads' has invalid value '0'");
        assertThatThrownBy(() -> WebUiOptions.from(bind)).hasMessageContaining("'bind.address'");
        assertThatThrownBy(() -> WebUiOptions.from(silent)).hasMessageContaining("'silent.after.seconds'");
    }

    @Test
    void acceptsTheDefaultsAndEachBound() {
        Config low = new Config();
        low.port = WebUiOptions.MIN_PORT;
        low.threads = WebUiOptions.MIN_THREADS;
        low.maxRequest = WebUiOptions.MIN_REQUEST_BYTES;
        low.idle = WebUiOptions.MIN_IDLE_MINUTES;
        low.silent = WebUiOptions.MIN_SILENT_SECONDS;

        WebUiOptions defaults = WebUiOptions.from(new Config());

        assertThat(defaults.sessionIdle()).isEqualTo(Duration.ofMinutes(30));
        assertThat(defaults.silentAfter()).isEqualTo(Duration.ofSeconds(900));
        assertThat(WebUiOptions.from(low).port()).isEqualTo(1);
    }
}
