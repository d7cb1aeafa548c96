package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * X.509 test material made by the {@code openssl} command (Debian's {@code openssl} package): a CA, a second CA that
 * is never trusted, and EC P-256 keys (PKCS#8 PEM) with certificates: {@code gateway} (CN=gateway-1,O=City),
 * {@code meter-9} (CN=meter-9,O=City), {@code unknown} (CN=meter-99,O=City), all of the CA, and {@code forged}
 * (CN=meter-9,O=City) of the other CA. Files {@code <name>.key} and {@code <name>.pem}.
 */
final class TestPki {

    private TestPki() {
    }

    static void create(Path dir) throws Exception {
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=cityhub test CA", "-days", "2");
        openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", "rogue-ca.key", "-out", "rogue-ca.pem", "-subj", "/CN=someone else's CA", "-days", "2");
        signed(dir, "gateway", "/CN=gateway-1/O=City", "ca");
        signed(dir, "meter-9", "/CN=meter-9/O=City", "ca");
        signed(dir, "unknown", "/CN=meter-99/O=City", "ca");
        signed(dir, "forged", "/CN=meter-9/O=City", "rogue-ca");
    }

    private static void signed(Path dir, String name, String subject, String ca) throws Exception {
        openssl(dir, "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key",
                "-CAcreateserial", "-out", name + ".pem", "-days", "2");
    }

    private static void openssl(Path dir, String... arguments) throws Exception {
        Path openssl = Path.of("/usr/bin/openssl");
        assertThat(Files.isExecutable(openssl)).as("the openssl command makes the test certificates:"
                + " apt-get install openssl").isTrue();
        List<String> command = new ArrayList<>(List.of(openssl.toString()));
        command.addAll(List.of(arguments));
        Path log = dir.resolve("openssl.log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("openssl finished: %s", command).isTrue();
        assertThat(process.exitValue()).as("openssl %s: %s", command, Files.readString(log)).isZero();
    }
}
