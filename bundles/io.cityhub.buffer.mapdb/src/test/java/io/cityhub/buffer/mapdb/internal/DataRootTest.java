package io.cityhub.buffer.mapdb.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootTest {

    @TempDir
    Path bundleArea;

    private final Map<String, String> properties = new HashMap<>();

    private DataRoot find() {
        return DataRoot.find(properties::get, bundleArea::toFile);
    }

    @Test
    void cityhubPropertyComesFirst() {
        properties.put(DataRoot.CITYHUB_PROPERTY, "/var/lib/cityhub");
        properties.put(DataRoot.KURA_PROPERTY, "/opt/eclipse/kura/data");

        assertThat(find().resolve(Path.of("data/buffer"))).isEqualTo(Path.of("/var/lib/cityhub/data/buffer"));
        assertThat(find().source()).contains(DataRoot.CITYHUB_PROPERTY);
    }

    @Test
    void kuraDataDirectoryIsNext() {
        properties.put(DataRoot.CITYHUB_PROPERTY, "  ");
        properties.put(DataRoot.KURA_PROPERTY, "/opt/eclipse/kura/data");

        assertThat(find().resolve(Path.of("data/buffer"))).isEqualTo(Path.of("/opt/eclipse/kura/data/data/buffer"));
    }

    @Test
    void bundleStorageAreaWhenNoPropertyIsSet() {
        assertThat(find().resolve(Path.of("data/buffer")))
                .isEqualTo(bundleArea.toAbsolutePath().resolve("data/buffer"));
    }

    @Test
    void absoluteDirectoryIgnoresTheRoot() {
        assertThat(find().resolve(Path.of("/mnt/flash/outbox"))).isEqualTo(Path.of("/mnt/flash/outbox"));
    }

    @Test
    void relativeRootPropertyIsRefusedRatherThanResolvedAgainstTheWorkingDirectory() {
        properties.put(DataRoot.CITYHUB_PROPERTY, "data");

        assertThatThrownBy(this::find).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("property 'cityhub.data.dir' has invalid value 'data'; expected an absolute path");
    }

    @Test
    void noRootAtAllIsAClearError() {
        assertThatThrownBy(() -> DataRoot.find(properties::get, () -> (File) null))
                .hasMessageContaining("no data root").hasMessageContaining("cityhub.data.dir")
                .hasMessageContaining("kura.data");
    }
}
