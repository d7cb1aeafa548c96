package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Whether a snapshot is written: only when the configuration differs from the newest snapshot, written or loaded. */
class SnapshotPersisterTest {

    private static final String HEADER = "test";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final RuntimeCryptoService crypto = RuntimeCryptoService.withRandomKey();
    private final SnapshotWriter writer = new SnapshotWriter(crypto, Set.of());

    @TempDir
    Path dir;

    private Hashtable<String, Object> properties = properties("interval.seconds", 60);

    @Test
    void aStartFromTheSameConfigurationWritesNoNewSnapshot() throws Exception {
        String loaded = writer.write(List.of(stored()), HEADER);

        persister(loaded).close(WAIT);

        assertThat(snapshots()).isEmpty();
    }

    @Test
    void aChangedConfigurationIsWritten() throws Exception {
        String loaded = writer.write(List.of(stored()), HEADER);
        properties = properties("interval.seconds", 30);

        persister(loaded).close(WAIT);

        assertThat(snapshots()).hasSize(1);
        assertThat(Files.readString(snapshots().get(0))).isEqualTo(writer.write(List.of(stored()), HEADER))
                .contains("30");
    }

    @Test
    void withoutASnapshotOfItsOwnTheFirstStopWritesOne() throws Exception {
        persister(null).close(WAIT);

        assertThat(snapshots()).hasSize(1);
    }

    private SnapshotPersister persister(String lastWritten) {
        return new SnapshotPersister(this::admin, writer, new SnapshotStore(dir, Clock.systemUTC()), HEADER,
                Set.of(), lastWritten, Executors.newSingleThreadScheduledExecutor(), Duration.ofMillis(1),
                Duration.ofMillis(1), Duration.ofSeconds(1));
    }

    private List<Path> snapshots() throws Exception {
        return new SnapshotStore(dir, Clock.systemUTC()).newestFirst();
    }

    private SnapshotWriter.Stored stored() {
        return new SnapshotWriter.Stored("io.cityhub.test.Thing", null, properties);
    }

    /** ConfigurationAdmin holding one cityhub configuration, with the current {@link #properties}. */
    private ConfigurationAdmin admin() {
        Configuration configuration = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getPid" -> "io.cityhub.test.Thing";
                    case "getFactoryPid" -> null;
                    case "getProperties" -> properties;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("listConfigurations")) {
                        return new Configuration[] {configuration};
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Hashtable<String, Object> properties(String key, Object value) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(key, value);
        return properties;
    }
}
