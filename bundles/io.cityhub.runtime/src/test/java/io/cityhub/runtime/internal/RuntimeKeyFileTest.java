package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeKeyFileTest {

    @TempDir
    Path dir;

    @Test
    void refusesAKeyFileOfTheWrongLengthNamingTheFile() throws Exception {
        Path file = Files.write(dir.resolve(RuntimeKeyFile.FILE_NAME), new byte[31]);

        assertThatThrownBy(() -> RuntimeKeyFile.loadOrCreate(file, new SecureRandom()))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith(file + ": the runtime's key file is damaged (31 bytes, a key has 32)")
                .hasMessageContaining("restore it from a backup");
        assertThat(Files.size(file)).as("the damaged file is left for the technician").isEqualTo(31);
    }

    @Test
    void refusesAKeyFileThatCannotBeReadNamingTheFile() throws Exception {
        // a directory in the key file's place cannot be read even by root (CI runs as root, so chmod 000 would not do)
        Path file = Files.createDirectory(dir.resolve(RuntimeKeyFile.FILE_NAME));

        assertThatThrownBy(() -> RuntimeKeyFile.loadOrCreate(file, new SecureRandom()))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith(file + ": the runtime's key file is not a regular file");
        assertThat(file).isDirectory();
    }

    @Test
    void refusesToStartWhenANewKeyFileCannotBeWritten() throws Exception {
        Path file = dir.resolve("missing-directory").resolve(RuntimeKeyFile.FILE_NAME);

        assertThatThrownBy(() -> RuntimeKeyFile.loadOrCreate(file, new SecureRandom()))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith(file + ": cannot write the runtime's key file");
    }

    @Test
    void warnsWhenOthersMayReadTheKeyAndStillUsesIt() throws Exception {
        Path file = Files.write(dir.resolve(RuntimeKeyFile.FILE_NAME), new byte[32]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        RuntimeKeyFile.Key key;
        try (CapturedLog log = new CapturedLog()) {
            key = RuntimeKeyFile.loadOrCreate(file, new SecureRandom());
            assertThat(log.text()).contains("WARN").contains(file + " has permissions rw-r--r--")
                    .contains("chmod 600 " + file);
        }
        assertThat(key.created()).isFalse();
        assertThat(key.bytes()).hasSize(32);
    }

    @Test
    void makesAKeyReadableByItsOwnerOnlyAtTheFirstStartAndReadsTheSameKeyLater() throws Exception {
        Path file = dir.resolve(RuntimeKeyFile.FILE_NAME);

        RuntimeKeyFile.Key first = RuntimeKeyFile.loadOrCreate(file, new SecureRandom());
        String logged;
        RuntimeKeyFile.Key second;
        try (CapturedLog log = new CapturedLog()) {
            second = RuntimeKeyFile.loadOrCreate(file, new SecureRandom());
            logged = log.text();
        }

        assertThat(first.created()).isTrue();
        assertThat(second.created()).isFalse();
        assertThat(second.bytes()).hasSize(32).isEqualTo(first.bytes());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(logged).doesNotContain("WARN");
        try (var left = Files.list(dir)) {
            assertThat(left).as("no temporary file left").containsExactly(file);
        }
    }

    @Test
    void aValueEncryptedUnderTheKeyDecryptsWithTheKeyReadInTheNextRun() throws Exception {
        Path file = dir.resolve(RuntimeKeyFile.FILE_NAME);
        char[] sealed = RuntimeCryptoService.withKey(RuntimeKeyFile.loadOrCreate(file, new SecureRandom()).bytes())
                .encryptAes("lamp-post-17".toCharArray());

        RuntimeCryptoService nextRun = RuntimeCryptoService.withKey(
                RuntimeKeyFile.loadOrCreate(file, new SecureRandom()).bytes());

        assertThat(new String(nextRun.decryptAes(sealed))).isEqualTo("lamp-post-17");
    }
}
