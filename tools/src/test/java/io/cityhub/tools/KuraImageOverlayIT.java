package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The image overlay an installer puts on a Kura gateway image ({@code distribution/target/cityhub-kura-overlay.tar.gz})
 * holds what a gateway needs, where Kura looks for it (notes/kura.md §3-4): the deployment package in
 * {@code /opt/eclipse/kura/packages} under Kura's own naming, the {@code dpa.properties} line that installs it at every
 * start (a {@code file:} URI naming that very file), and the seed as {@code user/snapshots/snapshot_0.xml}.
 */
class KuraImageOverlayIT {

    private static final String PACKAGES = "opt/eclipse/kura/packages/";

    @Test
    void overlayHoldsThePackageItsDpaLineAndTheSeedWhereKuraReadsThem() throws IOException {
        Path repo = Path.of(System.getProperty("cityhub.repo.root", "..")).toAbsolutePath().normalize();
        Path overlay = repo.resolve("distribution/target/cityhub-kura-overlay.tar.gz");
        assertThat(overlay).isRegularFile();
        Map<String, byte[]> files;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(overlay))) {
            files = untar(in);
        }
        byte[] dp = Files.readAllBytes(repo.resolve("distribution/target/cityhub-kura.dp"));
        Attributes main = DeploymentPackages.manifest(dp).getMainAttributes();
        String dpFile = PACKAGES + main.getValue("DeploymentPackage-SymbolicName") + "_"
                + main.getValue("DeploymentPackage-Version") + ".dp";
        String snapshot = "opt/eclipse/kura/user/snapshots/snapshot_0.xml";
        assertThat(files.keySet()).containsExactlyInAnyOrder(dpFile, PACKAGES + "dpa.properties", snapshot);

        assertThat(files.get(dpFile)).as("the package in the overlay is the one the build made").isEqualTo(dp);
        assertThat(files.get(snapshot))
                .as("the seed")
                .isEqualTo(Files.readAllBytes(repo.resolve("kura-config/snapshot_0.xml")));

        Properties dpa = new Properties();
        dpa.load(new ByteArrayInputStream(files.get(PACKAGES + "dpa.properties")));
        assertThat(dpa.stringPropertyNames()).containsExactly(main.getValue("DeploymentPackage-SymbolicName"));
        String uri = dpa.getProperty(main.getValue("DeploymentPackage-SymbolicName"));
        assertThat(uri).as("Kura's DeploymentAgent installs only file: URIs").isEqualTo("file:/" + dpFile);
        assertThat(new String(files.get(PACKAGES + "dpa.properties"), StandardCharsets.ISO_8859_1))
                .as("the line as Kura writes it, ':' escaped").contains("=file\\:/");
    }

    /**
     * Reads every entry of a ustar archive: regular files by name, directories noted by their absence. Any other
     * entry type (links, long-name extensions) fails: the overlay must hold nothing an installer cannot see.
     */
    private static Map<String, byte[]> untar(InputStream in) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        byte[] header = new byte[512];
        while (true) {
            if (in.readNBytes(header, 0, 512) != 512) {
                throw new IOException("truncated archive");
            }
            if (Arrays.equals(header, new byte[512])) {
                return files;
            }
            String name = text(header, 0, 100);
            String prefix = text(header, 345, 155);
            String path = prefix.isEmpty() ? name : prefix + "/" + name;
            long size = Long.parseLong(text(header, 124, 12).trim(), 8);
            char type = (char) header[156];
            assertThat(path).as("entry path").doesNotStartWith("/").doesNotContain("..");
            byte[] content = in.readNBytes((int) size);
            if (content.length != size) {
                throw new IOException(path + ": truncated");
            }
            in.readNBytes((int) ((512 - size % 512) % 512));
            if (type == '5') {
                assertThat(path).as("directory entry").endsWith("/");
            } else if (type == '0' || type == 0) {
                files.put(path, content);
            } else {
                throw new IOException(path + ": unexpected tar entry type '" + type + "'");
            }
        }
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }
}
