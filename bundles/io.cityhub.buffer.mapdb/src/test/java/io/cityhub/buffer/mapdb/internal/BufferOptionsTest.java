package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BufferOptionsTest {

    /** A configuration as SCR would pass it: the metatype defaults, with some attributes overridden. */
    private static MapDbReadingBufferConfig config(Map<String, Object> overrides) {
        return (MapDbReadingBufferConfig) Proxy.newProxyInstance(MapDbReadingBufferConfig.class.getClassLoader(),
                new Class<?>[] {MapDbReadingBufferConfig.class}, (proxy, method, args) -> {
                    String attribute = method.getName().replace('_', '.');
                    return overrides.containsKey(attribute) ? overrides.get(attribute) : method.getDefaultValue();
                });
    }

    @Test
    void rejectsOutOfRangeValuesNamingPidAttributeAndValue() {
        assertThatThrownBy(() -> BufferOptions.from(config(Map.of("max.bytes", 1000L))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(MapDbReadingBuffer.PID + ": invalid max.bytes = 1000");
        assertThatThrownBy(() -> BufferOptions.from(config(Map.of("full.policy", "drop-newest"))))
                .hasMessage(MapDbReadingBuffer.PID + ": invalid full.policy = drop-newest");
        assertThatThrownBy(() -> BufferOptions.from(config(Map.of("commit.min.interval.ms", -1))))
                .hasMessageContaining("commit.min.interval.ms");
        assertThatThrownBy(() -> BufferOptions.from(config(Map.of("store.directory", " "))))
                .hasMessageContaining("store.directory");
        assertThatThrownBy(() -> BufferOptions.from(config(Map.of("retention.max.age.seconds", -1L))))
                .hasMessageContaining("retention.max.age.seconds = -1");
    }

    @Test
    void metatypeDefaultsMatchTheDocumentedDefaults() {
        BufferOptions options = BufferOptions.from(config(Map.of()));
        assertThat(options).isEqualTo(BufferOptions.defaults(Path.of("data/buffer")));
        assertThat(options.fullPolicy().configValue()).isEqualTo("drop-oldest");
        assertThat(options.commitMinInterval()).isZero();
        assertThat(options.retains()).isTrue();
    }

    @Test
    void readsEveryAttribute() {
        BufferOptions options = BufferOptions.from(config(Map.of("store.directory", "/var/lib/cityhub/outbox",
                "max.age.seconds", 0L, "full.policy", "reject-new", "commit.max.readings", 100,
                "retention.max.bytes", 0L, "disk.min.free.bytes", 5L)));
        assertThat(options.directory()).isEqualTo(Path.of("/var/lib/cityhub/outbox"));
        assertThat(options.maxAge()).isZero();
        assertThat(options.fullPolicy()).isEqualTo(FullPolicy.REJECT_NEW);
        assertThat(options.commitMaxReadings()).isEqualTo(100);
        assertThat(options.retains()).isFalse();
        assertThat(options.minFreeBytes()).isEqualTo(5);
    }
}
