package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
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
        List<String> rawEntries = new ArrayList<>();
        try (ZipInputStream raw = new ZipInputStream(Files.newInputStream(dp))) {
            for (ZipEntry e = raw.getNextEntry(); e != null; e = raw.getNextEntry()) {
                rawEntries.add(e.getName());
            }
        }
        // JarInputStream hides a leading META-INF/ entry; the raw listing shows every entry as DeploymentAdmin sees it
        assertThat(rawEntries).as("raw entries").first().isEqualTo("META-INF/MANIFEST.MF");
        assertThat(rawEntries).as("raw entries").noneMatch(n -> n.endsWith("/"));
        Map<String, Attributes> bundlesSeen = new HashMap<>();
        Manifest manifest;
        try (JarInputStream in = new JarInputStream(Files.newInputStream(dp))) {
            manifest = in.getManifest();
            assertThat(manifest).as("META-INF/MANIFEST.MF must be the first entry").isNotNull();
            JarEntry entry;
            while ((entry = in.getNextJarEntry()) != null) {
                // Every entry after the manifest must be a bundle named in the manifest. Felix DeploymentAdmin 0.9.5
                // takes a directory entry for the end of the stream (code 463), so none may appear at all.
                assertThat(entry.isDirectory()).as("directory entry %s in the package", entry.getName()).isFalse();
                assertThat(entry.getName()).matches("[A-Za-z0-9._/-]+").doesNotContain("//");
                assertThat(manifest.getEntries()).as("entry %s is described in the manifest", entry.getName())
                        .containsKey(entry.getName());
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
