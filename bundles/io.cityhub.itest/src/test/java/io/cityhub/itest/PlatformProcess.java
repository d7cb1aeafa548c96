package io.cityhub.itest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The regional-platform stand-in (a real MQTT broker and a subscriber, from cityhub-tools) as a child process:
 * a broker cannot live inside the framework under test without adding bundles the distribution does not ship.
 */
final class PlatformProcess implements AutoCloseable {

    /** One message the platform received. */
    record Message(String topic, boolean retained, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Process process;
    private final int port;
    private final List<Message> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread reader;

    private PlatformProcess(Process process, int port) {
        this.process = process;
        this.port = port;
        this.reader = new Thread(this::read, "itest-platform-reader");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static PlatformProcess start(Path repoRoot) throws IOException, InterruptedException {
        Path tools = repoRoot.resolve("tools/target");
        if (!Files.isRegularFile(tools.resolve("cityhub-tools.jar"))) {
            throw new IOException(
                    "cityhub-tools is not built at " + tools + " (the reactor builds tools before itest)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String classpath =
                tools.resolve("cityhub-tools.jar") + java.io.File.pathSeparator + tools.resolve("lib") + "/*";
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-cp", classpath, "io.cityhub.tools.PlatformMain", Integer.toString(port), "#"));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        PlatformProcess platform = new PlatformProcess(process, port);
        if (!platform.ready.await(30, TimeUnit.SECONDS)) {
            platform.close();
            throw new IOException("the platform stand-in did not start within 30 s");
        }
        return platform;
    }

    int port() {
        return port;
    }

    List<Message> received() {
        return List.copyOf(received);
    }

    private void read() {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("READY ")) {
                    ready.countDown();
                } else if (line.startsWith("MESSAGE ")) {
                    String[] parts = line.split(" ", 4);
                    received.add(new Message(parts[1], Boolean.parseBoolean(parts[2]),
                            Base64.getDecoder().decode(parts.length > 3 ? parts[3] : "")));
                }
            }
        } catch (IOException e) {
            // the process ended; close() reaps it
        }
    }

    @Override
    public void close() throws InterruptedException {
        try (OutputStream in = process.getOutputStream()) {
            in.write("stop\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
