package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The Kura deployment package is one Kura's DeploymentAdmin accepts (notes/kura.md §4): manifest first, every
 * bundle named in a section whose BSN and version match the bundle exactly, entry names from the allowed set, and
 * none of the standalone-only bundles (Kura brings its own API and runtime).
 */
class DeploymentPackageIT {

    @Test
    void deploymentPackageIsWhatKuraAccepts() throws Exception {
        Path repo = Path.of(System.getProperty("cityhub.repo.root", "..")).toAbsolutePath().normalize();
        Path dp = repo.resolve("distribution/target/cityhub-kura.dp");
        assertThat(dp).isRegularFile();
        Map<String, Attributes> bundlesSeen = new HashMap<>();
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(Files.newInputStream(dp))) {
            manifest = in.getManifest();
            assertThat(manifest).as("META-INF/MANIFEST.MF must be the first entry").isNotNull();
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                assertThat(entry.getName()).matches("[A-Za-z0-9._/-]+").doesNotContain("//");
                byte[] bundle = in.readAllBytes();
                try (JarInputStream inner = new JarInputStream(new ByteArrayInputStream(bundle))) {
                    assertThat(inner.getManifest()).as(entry.getName() + " is a bundle").isNotNull();
                    bundlesSeen.put(entry.getName(), inner.getManifest().getMainAttributes());
                }
            }
        }
        Attributes main = manifest.getMainAttributes();
        assertThat(main.getValue("DeploymentPackage-SymbolicName")).isEqualTo("io.cityhub");
        assertThat(main.getValue("DeploymentPackage-Version")).matches("\\d+\\.\\d+\\.\\d+(\\..+)?");
        assertThat(manifest.getEntries().keySet()).containsExactlyInAnyOrderElementsOf(bundlesSeen.keySet());
        for (Map.Entry<String, Attributes> section : manifest.getEntries().entrySet()) {
            Attributes own = bundlesSeen.get(section.getKey());
            assertThat(section.getValue().getValue("Bundle-SymbolicName"))
                    .isEqualTo(own.getValue("Bundle-SymbolicName"));
            assertThat(section.getValue().getValue("Bundle-Version")).isEqualTo(own.getValue("Bundle-Version"));
        }
        assertThat(bundlesSeen.values()).extracting(a -> a.getValue("Bundle-SymbolicName"))
                .contains("io.cityhub.api", "io.cityhub.ingest", "io.cityhub.buffer.mapdb", "io.cityhub.forward.mqtt",
                        "io.cityhub.sensor.coap", "io.cityhub.profiles")
                .doesNotContain("io.cityhub.kura.compat", "io.cityhub.runtime");
    }
}
