package io.cityhub.forward.mqtt.internal;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real mosquitto broker process on 127.0.0.1 with a generated configuration (interop tests). */
final class MosquittoProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    static final Path PASSWD = Path.of("/usr/bin/mosquitto_passwd");

    private final Path config;
    private final Path log;
    private final List<Integer> ports;
    private Process process;

    /**
     * @param lines the configuration; {@code user root} is added so that a root test run keeps access to the
     *     owner-only temporary files (mosquitto otherwise drops to user "mosquitto"; ignored when not root)
     * @param ports listener ports to wait for
     */
    MosquittoProcess(Path dir, String name, List<String> lines, List<Integer> ports) throws IOException {
        this.config = dir.resolve(name + ".conf");
        this.log = dir.resolve(name + ".log");
        this.ports = ports;
        Files.write(config, concat(lines, "user root"));
    }

    MosquittoProcess start() throws IOException {
        process = new ProcessBuilder(BINARY.toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited: " + Files.readString(log));
            }
            return ports.stream().allMatch(MosquittoProcess::accepting);
        });
        return this;
    }

    /** SIGTERM, as an init system would: mosquitto saves its persistence file and exits. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    static void addPassword(Path file, String user, String password) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(PASSWD.toString()));
        if (!Files.exists(file)) {
            command.add("-c");
        }
        command.addAll(List.of("-b", file.toString(), user, password));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mosquitto_passwd failed: " + new String(p.getInputStream().readAllBytes()));
        }
    }

    private static boolean accepting(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> concat(List<String> lines, String extra) {
        List<String> all = new java.util.ArrayList<>(lines);
        all.add(extra);
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
