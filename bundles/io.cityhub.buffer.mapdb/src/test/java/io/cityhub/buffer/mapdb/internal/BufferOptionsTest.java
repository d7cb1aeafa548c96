package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class BufferOptionsTest {

    private static final Path ROOT = Path.of("/srv/cityhub-data");
    private static final Supplier<DataRoot> DATA_ROOT = () -> new DataRoot(ROOT, "test");

    /** A configuration as SCR would pass it: the metatype defaults, with some attributes overridden. */
    static MapDbReadingBufferConfig config(Map<String, Object> overrides) {
        return (MapDbReadingBufferConfig) Proxy.newProxyInstance(MapDbReadingBufferConfig.class.getClassLoader(),
                new Class<?>[] {MapDbReadingBufferConfig.class}, (proxy, method, args) -> {
                    String attribute = method.getName().replace('_', '.');
                    return overrides.containsKey(attribute) ? overrides.get(attribute) : method.getDefaultValue();
                });
    }

    private static BufferOptions from(Map<String, Object> overrides) {
        return BufferOptions.from(config(overrides), DATA_ROOT);
    }

    @Test
    void rejectsOutOfRangeValuesInTheAgreedMessageShape() {
        assertThatThrownBy(() -> from(Map.of("max.bytes", 1000L)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(MapDbReadingBuffer.PID + ": attribute 'max.bytes' has invalid value '1000'; expected at "
                        + "least 65536");
        assertThatThrownBy(() -> from(Map.of("full.policy", "drop-newest")))
                .hasMessage(MapDbReadingBuffer.PID + ": attribute 'full.policy' has invalid value 'drop-newest'; "
                        + "expected one of drop-oldest, reject-new");
        assertThatThrownBy(() -> from(Map.of("commit.min.interval.ms", -1)))
                .hasMessage(MapDbReadingBuffer.PID + ": attribute 'commit.min.interval.ms' has invalid value '-1'; "
                        + "expected an integer from 0 to 10000");
        assertThatThrownBy(() -> from(Map.of("store.directory", " ")))
                .hasMessageStartingWith(MapDbReadingBuffer.PID + ": attribute 'store.directory' has invalid value ' '; "
                        + "expected a directory path");
        assertThatThrownBy(() -> from(Map.of("retention.max.age.seconds", -1L)))
                .hasMessageContaining("attribute 'retention.max.age.seconds' has invalid value '-1'; expected");
    }

    /**
     * The metatype's min/max are these same constants ({@link MapDbReadingBufferConfig}); here the code is shown to
     * enforce exactly them: the bound itself is accepted, one past it refused.
     */
    @Test
    void codeEnforcesExactlyTheMetatypeBounds() {
        accepts("max.bytes", BufferOptions.MIN_MAX_BYTES);
        refuses("max.bytes", BufferOptions.MIN_MAX_BYTES - 1);
        accepts("max.bytes", Long.MAX_VALUE);
        for (String age : new String[] {"max.age.seconds", "retention.max.age.seconds"}) {
            accepts(age, 0L);
            refuses(age, -1L);
            accepts(age, BufferOptions.MAX_AGE_SECONDS);
            refuses(age, BufferOptions.MAX_AGE_SECONDS + 1);
        }
        accepts("commit.min.interval.ms", 0);
        refuses("commit.min.interval.ms", -1);
        accepts("commit.min.interval.ms", BufferOptions.MAX_COMMIT_MIN_INTERVAL_MS);
        refuses("commit.min.interval.ms", BufferOptions.MAX_COMMIT_MIN_INTERVAL_MS + 1);
        accepts("commit.max.readings", BufferOptions.MIN_COMMIT_MAX_READINGS);
        refuses("commit.max.readings", BufferOptions.MIN_COMMIT_MAX_READINGS - 1);
        accepts("commit.max.readings", BufferOptions.MAX_COMMIT_MAX_READINGS);
        refuses("commit.max.readings", BufferOptions.MAX_COMMIT_MAX_READINGS + 1);
        for (String floorZero : new String[] {"retention.max.bytes", "disk.min.free.bytes"}) {
            accepts(floorZero, 0L);
            refuses(floorZero, -1L);
            accepts(floorZero, Long.MAX_VALUE);
        }
    }

    @Test
    void everyAllowedAgeWorksInMilliseconds() {
        BufferOptions options = from(Map.of("max.age.seconds", BufferOptions.MAX_AGE_SECONDS,
                "retention.max.age.seconds", BufferOptions.MAX_AGE_SECONDS));
        assertThatNoException().isThrownBy(() -> Math.subtractExact(System.currentTimeMillis(),
                options.maxAge().toMillis() + options.retentionMaxAge().toMillis()));
    }

    @Test
    void metatypeDefaultsMatchTheDocumentedDefaults() {
        BufferOptions options = from(Map.of());
        assertThat(options).isEqualTo(BufferOptions.defaults(ROOT.resolve("buffer")));
        assertThat(options.fullPolicy().configValue()).isEqualTo("drop-oldest");
        assertThat(options.commitMinInterval()).isZero();
        assertThat(options.retains()).isTrue();
    }

    @Test
    void relativeStoreDirectoryResolvesAgainstTheDataRootAndAbsoluteOneStays() {
        assertThat(from(Map.of("store.directory", "outbox")).directory()).isEqualTo(ROOT.resolve("outbox"));
        Supplier<DataRoot> none = () -> {
            throw new IllegalArgumentException("no data root");
        };
        assertThat(BufferOptions.from(config(Map.of("store.directory", "/var/lib/cityhub/outbox")), none).directory())
                .isEqualTo(Path.of("/var/lib/cityhub/outbox"));
        assertThatThrownBy(() -> BufferOptions.from(config(Map.of("store.directory", "outbox")), none))
                .hasMessage(MapDbReadingBuffer.PID + ": attribute 'store.directory' has invalid value 'outbox'; "
                        + "expected an absolute path, since the data root is unusable: no data root");
    }

    @Test
    void readsEveryAttribute() {
        BufferOptions options = from(Map.of("store.directory", "/var/lib/cityhub/outbox",
                "max.age.seconds", 0L, "full.policy", "reject-new", "commit.max.readings", 100,
                "commit.min.interval.ms", 20, "retention.max.bytes", 0L, "disk.min.free.bytes", 5L));
        assertThat(options.directory()).isEqualTo(Path.of("/var/lib/cityhub/outbox"));
        assertThat(options.maxAge()).isZero();
        assertThat(options.fullPolicy()).isEqualTo(FullPolicy.REJECT_NEW);
        assertThat(options.commitMaxReadings()).isEqualTo(100);
        assertThat(options.commitMinInterval()).hasMillis(20);
        assertThat(options.retains()).isFalse();
        assertThat(options.minFreeBytes()).isEqualTo(5);
    }

    private static void accepts(String attribute, Object value) {
        assertThatNoException().as("%s = %s", attribute, value).isThrownBy(() -> from(Map.of(attribute, value)));
    }

    private static void refuses(String attribute, Object value) {
        assertThatThrownBy(() -> from(Map.of(attribute, value))).as("%s = %s", attribute, value)
                .hasMessageContaining("attribute '" + attribute + "' has invalid value '" + value + "'");
    }
}
