package io.cityhub.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The standalone gateway runtime as a child process: {@code java @jvm.options -jar cityhub.jar} in its own working
 * directory, with its output in a log file: the JVM options are the ones shipped beside the jar, so tests and
 * benchmarks run the runtime as a gateway does. Stopping sends SIGTERM (a clean stop); killing sends SIGKILL (a power
 * cut, as far as the process can tell).
 */
public final class GatewayProcess implements AutoCloseable {

    /** The JVM options file the build puts beside the runtime jar (from {@code distribution/jvm.options}). */
    public static final String JVM_OPTIONS = "jvm.options";

    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * @param runtimeJar the exported runtime, e.g. {@code distribution/target/cityhub.jar}
     * @param workDir the gateway's working directory (its relative store paths live here)
     * @param snapshot the Kura snapshot that configures it
     * @param extraProperties further system properties
     * @return the started process
     * @throws IOException if the JVM cannot be started
     */
    public static GatewayProcess start(
            Path runtimeJar, Path workDir, Path snapshot, Map<String, String> extraProperties) throws IOException {
        return start(runtimeJar, workDir, snapshot, extraProperties, null);
    }

    /**
     * Like {@link #start(Path, Path, Path, Map)} with another heap bound, for measurements that must tell a heap
     * limit apart from a throughput limit.
     *
     * @param runtimeJar the exported runtime
     * @param workDir the gateway's working directory
     * @param snapshot the Kura snapshot that configures it
     * @param extraProperties further system properties
     * @param maxHeap the {@code -Xmx} value overriding the shipped one, e.g. {@code 256m}; null keeps the shipped
     * @return the started process
     * @throws IOException if the JVM cannot be started, or the runtime or its JVM options file is missing
     */
    public static GatewayProcess start(
            Path runtimeJar, Path workDir, Path snapshot, Map<String, String> extraProperties, String maxHeap)
            throws IOException {
        return start(runtimeJar, workDir, snapshot, extraProperties, maxHeap, Map.of());
    }

    /**
     * Like {@link #start(Path, Path, Path, Map, String)} with further environment variables for the JVM, e.g.
     * {@code LD_PRELOAD} of libfaketime for a test that steps the gateway's wall clock, or a {@code PATH} that finds
     * a test's own {@code timedatectl} first.
     *
     * @param runtimeJar the exported runtime
     * @param workDir the gateway's working directory
     * @param snapshot the Kura snapshot that configures it
     * @param extraProperties further system properties
     * @param maxHeap the {@code -Xmx} value overriding the shipped one; null keeps the shipped
     * @param environment variables set (or replaced) in the environment this process passes on
     * @return the started process
     * @throws IOException if the JVM cannot be started, or the runtime or its JVM options file is missing
     */
    public static GatewayProcess start(Path runtimeJar, Path workDir, Path snapshot,
            Map<String, String> extraProperties, String maxHeap, Map<String, String> environment)
            throws IOException {
        if (!Files.isRegularFile(runtimeJar)) {
            throw new IOException(
                    "no gateway runtime at " + runtimeJar + "; build it with: ./cityhub build");
        }
        Path options = jvmOptions(runtimeJar);
        Files.createDirectories(workDir);
        Path log = workDir.resolve("gateway.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + options.toAbsolutePath());
        if (maxHeap != null) {
            command.add("-Xmx" + maxHeap);
        }
        command.add("-Dcityhub.snapshot=" + snapshot.toAbsolutePath());
        extraProperties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(runtimeJar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process = builder
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new GatewayProcess(process, log);
    }

    /**
     * @param runtimeJar the exported runtime
     * @return the JVM options file beside it
     * @throws IOException if there is none: the runtime would otherwise run with the JVM's defaults, which are not
     *     what a gateway runs with (a quarter of the machine's memory as heap, G1's bookkeeping)
     */
    public static Path jvmOptions(Path runtimeJar) throws IOException {
        Path options = runtimeJar.toAbsolutePath().resolveSibling(JVM_OPTIONS);
        if (!Files.isRegularFile(options)) {
            throw new IOException("no " + JVM_OPTIONS + " beside " + runtimeJar
                    + " (the build copies distribution/jvm.options there); build with: ./cityhub build");
        }
        return options;
    }

    /** @return true while the gateway runs */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the operating-system process id */
    public long pid() {
        return process.pid();
    }

    /** @return the gateway's log file */
    public Path log() {
        return log;
    }

    /**
     * @return the gateway's log so far
     * @throws IOException if it cannot be read
     */
    public String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /**
     * Sends SIGTERM and waits for the gateway to stop by itself.
     *
     * @param timeoutSeconds how long to wait
     * @return the exit code, or -1 if it had to be killed after the timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public int stop(long timeoutSeconds) throws InterruptedException {
        process.destroy();
        if (process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            return process.exitValue();
        }
        kill();
        return -1;
    }

    /**
     * Sends SIGKILL: the gateway gets no chance to close anything.
     *
     * @throws InterruptedException if interrupted while waiting for it to die
     */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /**
     * Waits for the process to exit by itself (e.g. a refused configuration).
     *
     * @param timeoutSeconds how long to wait
     * @return the exit code, or empty-handed -1 if it still runs
     * @throws InterruptedException if interrupted
     */
    public int awaitExit(long timeoutSeconds) throws InterruptedException {
        return process.waitFor(timeoutSeconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            stop(20);
        }
    }
}
