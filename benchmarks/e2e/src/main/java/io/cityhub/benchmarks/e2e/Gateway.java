package io.cityhub.benchmarks.e2e;

import io.cityhub.tools.GatewayProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway under test. By default it is {@link GatewayProcess} (the JVM as the tools start it, {@code -Xmx256m});
 * with {@code --gateway-xmx} the same command with another heap bound, because GatewayProcess fixes the heap and
 * the benchmark needs to tell a heap limit apart from a throughput limit.
 */
final class Gateway {

    private final GatewayProcess tools;
    private final Process own;
    private final Path log;

    private Gateway(GatewayProcess tools, Process own, Path log) {
        this.tools = tools;
        this.own = own;
        this.log = log;
    }

    static Gateway start(Path jar, Path workDir, Path snapshot, String xmx) throws IOException {
        if (xmx == null) {
            GatewayProcess p = GatewayProcess.start(jar, workDir, snapshot, Map.of());
            return new Gateway(p, null, p.log());
        }
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no gateway runtime at " + jar);
        }
        Path log = workDir.resolve("gateway.log");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-Dcityhub.snapshot=" + snapshot.toAbsolutePath(), "-jar",
                jar.toAbsolutePath().toString()))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new Gateway(null, p, log);
    }

    long pid() {
        return tools != null ? tools.pid() : own.pid();
    }

    boolean isAlive() {
        return tools != null ? tools.isAlive() : own.isAlive();
    }

    Path log() {
        return log;
    }

    String logText() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** SIGTERM, then SIGKILL after the timeout; @return the exit code, -1 if it had to be killed */
    int stop(long timeoutSeconds) throws InterruptedException {
        if (tools != null) {
            return tools.stop(timeoutSeconds);
        }
        own.destroy();
        if (own.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            return own.exitValue();
        }
        kill();
        return -1;
    }

    void kill() throws InterruptedException {
        if (tools != null) {
            tools.kill();
        } else {
            own.destroyForcibly();
            own.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
