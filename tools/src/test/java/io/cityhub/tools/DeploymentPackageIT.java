package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kura deployment package is one Kura's DeploymentAdmin accepts (notes/kura.md §4): manifest first, every
 * bundle named in a section whose BSN and version match the bundle exactly, entry names from the allowed set, and
 * none of the standalone-only bundles (Kura brings its own API and runtime), and no copy of Kura's API classes in any
 * entry of any bundle. The same holds for the fix-package, whose Missing sections carry no entry.
 */
class DeploymentPackageIT {

    /** Kura's own API: a bundle of ours that carried a copy would not be seen as ConfigurableComponent by Kura. */
    private static final String KURA_API = "org/eclipse/kura/";

    @ParameterizedTest
    @ValueSource(strings = {"cityhub-kura.dp", "cityhub-kura-fixpack.dp"})
    void deploymentPackageIsWhatKuraAccepts(String file) throws Exception {
        Path repo = Path.of(System.getProperty("cityhub.repo.root", "..")).toAbsolutePath().normalize();
        Path dp = repo.resolve("distribution/target").resolve(file);
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
                bundlesSeen.put(entry.getName(), bundleHeaders(entry.getName(), bundle));
            }
        }
        Attributes main = manifest.getMainAttributes();
        assertThat(main.getValue("DeploymentPackage-SymbolicName")).isEqualTo("io.cityhub");
        assertThat(main.getValue("DeploymentPackage-Version")).matches("\\d+\\.\\d+\\.\\d+(\\..+)?");
        Map<String, Attributes> carried = new HashMap<>(manifest.getEntries());
        if (main.getValue("DeploymentPackage-FixPack") != null) {
            // a fix-package's Missing sections name bundles kept from the installed package: no entry for them
            carried.values().removeIf(a -> "true".equals(a.getValue("DeploymentPackage-Missing")));
            assertThat(carried).as("bundles the fix-package carries").isNotEmpty();
        } else {
            assertThat(manifest.getEntries().values()).as("Missing sections outside a fix-package")
                    .noneMatch(a -> a.getValue("DeploymentPackage-Missing") != null);
        }
        assertThat(carried.keySet()).containsExactlyInAnyOrderElementsOf(bundlesSeen.keySet());
        for (Map.Entry<String, Attributes> section : carried.entrySet()) {
            Attributes own = bundlesSeen.get(section.getKey());
            assertThat(section.getValue().getValue("Bundle-SymbolicName"))
                    .isEqualTo(own.getValue("Bundle-SymbolicName"));
            assertThat(section.getValue().getValue("Bundle-Version")).isEqualTo(own.getValue("Bundle-Version"));
        }
        assertThat(manifest.getEntries().values()).extracting(a -> a.getValue("Bundle-SymbolicName"))
                .contains("io.cityhub.api", "io.cityhub.ingest", "io.cityhub.buffer.mapdb", "io.cityhub.forward.mqtt",
                        "io.cityhub.sensor.coap", "io.cityhub.profiles", "io.cityhub.sensor.gpio",
                        "io.cityhub.sensor.lora", "io.cityhub.traffic", "io.cityhub.clock", "io.cityhub.filter")
                .doesNotContain("io.cityhub.kura.compat", "io.cityhub.runtime", "io.cityhub.webui");
    }

    /**
     * Reads every entry of a bundle (and of every jar embedded in it): none may be a copy of Kura's API, which
     * io.cityhub.kura.compat holds for the standalone runtime only. An entry that cannot be read fails the test.
     */
    private static Attributes bundleHeaders(String name, byte[] bundle) throws IOException {
        try (JarInputStream inner = new JarInputStream(new ByteArrayInputStream(bundle))) {
            assertThat(inner.getManifest()).as(name + " is a bundle").isNotNull();
            Attributes headers = inner.getManifest().getMainAttributes();
            assertThat(headers.getValue("Bundle-SymbolicName")).as(name + " Bundle-SymbolicName").isNotBlank();
            assertThat(String.valueOf(headers.getValue("Export-Package")))
                    .as(name + " exports Kura's API").doesNotContain("org.eclipse.kura");
            assertNoKuraApi(name, inner);
            return headers;
        }
    }

    private static void assertNoKuraApi(String path, JarInputStream jar) throws IOException {
        int entries = 0;
        for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
            entries++;
            assertThat(e.getName()).as("entry in %s", path).doesNotStartWith(KURA_API);
            byte[] content = jar.readAllBytes();
            if (e.getName().endsWith(".jar")) {
                try (JarInputStream nested = new JarInputStream(new ByteArrayInputStream(content))) {
                    assertNoKuraApi(path + "!/" + e.getName(), nested);
                }
            }
        }
        assertThat(entries).as("entries read from %s", path).isPositive();
    }
}
