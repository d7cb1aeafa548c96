package io.cityhub.webui.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsNoSuchFile() {
        assertThatThrownBy(() -> Credentials.read(dir.resolve("none"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void refusesMalformedFilesWithoutEchoingThem() throws Exception {
        Path file = dir.resolve("c");
        Files.writeString(file, "technician:secret-in-plain-text\n");
        assertThatThrownBy(() -> Credentials.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
        Files.writeString(file, "");
        assertThatThrownBy(() -> Credentials.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 0");
        Files.writeString(file, "bad user:pbkdf2-sha256:1000:AAAAAAAAAAA=:AAAA\n");
        assertThatThrownBy(() -> Credentials.read(file)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesAFileOnlyItsOwnerMayReadAndReadsItBack() throws Exception {
        Path file = dir.resolve("sub/webui-credentials");

        Credentials.write(file, "technician", "lamp-post-42".toCharArray(), PasswordHash.MIN_ITERATIONS);

        Credentials read = Credentials.read(file);
        assertThat(read.user()).isEqualTo("technician");
        assertThat(read.accepts("technician", "lamp-post-42".toCharArray())).isTrue();
        assertThat(read.accepts("admin", "lamp-post-42".toCharArray())).isFalse();
        assertThat(read.accepts("technician", "lamp-post-4".toCharArray())).isFalse();
        assertThat(Files.readString(file)).doesNotContain("lamp-post");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(file.resolveSibling("webui-credentials.new")).doesNotExist();
    }
}
