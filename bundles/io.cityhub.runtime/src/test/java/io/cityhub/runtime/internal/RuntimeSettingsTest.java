package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeSettingsTest {

    @Test
    void defaultsToTheSeedSnapshotWithoutHookOrExit() {
        RuntimeSettings settings = RuntimeSettings.from(name -> null);

        assertThat(settings).isEqualTo(new RuntimeSettings("kura-config/snapshot_0.xml", false, false, "data"));
    }

    @Test
    void treatsABlankSnapshotPropertyAsUnset() {
        assertThat(RuntimeSettings.from(Map.of("cityhub.snapshot", "  ")::get).snapshot())
                .isEqualTo("kura-config/snapshot_0.xml");
    }

    @Test
    void readsEveryFrameworkProperty() {
        Map<String, String> properties = Map.of(
                "cityhub.snapshot", " /etc/cityhub/snapshot_0.xml ",
                "cityhub.shutdown.hook", "true",
                "cityhub.exit.on.error", "TRUE",
                "cityhub.data.dir", " /var/lib/cityhub ");

        assertThat(RuntimeSettings.from(properties::get))
                .isEqualTo(new RuntimeSettings("/etc/cityhub/snapshot_0.xml", true, true, "/var/lib/cityhub"));
    }

    @Test
    void keepsFlagsOffForAnythingButTrue() {
        Map<String, String> properties = Map.of("cityhub.shutdown.hook", "yes", "cityhub.exit.on.error", "1");

        RuntimeSettings settings = RuntimeSettings.from(properties::get);

        assertThat(settings.shutdownHook()).isFalse();
        assertThat(settings.exitOnError()).isFalse();
    }
}
