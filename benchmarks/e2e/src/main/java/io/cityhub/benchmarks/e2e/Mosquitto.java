package io.cityhub.benchmarks.e2e;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A mosquitto of our own on a loopback port, with persistence so that the platform subscriber's session (and the
 * messages queued for it) survive the outage phase's SIGTERM and restart — otherwise the broker itself would drop
 * what the gateway delivered while the subscriber reconnects, and we would blame the gateway.
 */
final class Mosquitto implements AutoCloseable {

    private final Path binary;
    private final Path dir;
    private final int port;
    private volatile Process process;

    Mosquitto(Path binary, Path dir, int port) throws IOException {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        Files.createDirectories(dir.resolve("db"));
        // max_inflight_messages 0/max_queued_messages 0 = unlimited towards the subscriber: the broker must not
        // be the one that drops or throttles while the backlog drains; autosave 0 = save on exit (SIGTERM) only
        Files.writeString(dir.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "max_inflight_messages 1000",
                "max_queued_messages 0",
                "max_queued_bytes 0",
                "set_tcp_nodelay true",
                "persistence true",
                "persistence_location " + dir.resolve("db").toAbsolutePath() + "/",
                "autosave_interval 0",
                "log_dest file " + dir.resolve("mosquitto.log").toAbsolutePath(),
                "log_type error",
                "log_type warning",
                "log_type notice",
                // as root, mosquitto would switch to user 'mosquitto', who cannot write our private temp dir
                "root".equals(System.getProperty("user.name")) ? "user root" : "",
                ""));
    }

    int port() {
        return port;
    }

    long pid() {
        Process p = process;
        return p == null ? -1 : p.pid();
    }

    void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(binary.toString(), "-c", dir.resolve("mosquitto.conf").toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.out").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited with " + process.exitValue() + "; see " + dir);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                TimeUnit.MILLISECONDS.sleep(50);
            }
        }
        throw new IOException("mosquitto does not listen on 127.0.0.1:" + port + " after 10 s; see " + dir);
    }

    /** SIGTERM, the way an operator stops it; mosquitto saves its database and exits. */
    void stop() throws InterruptedException {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    /** For the shutdown hook: no waiting beyond a moment. */
    void kill() {
        Process p = process;
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
