package io.cityhub.benchmarks.e2e;

import io.cityhub.testing.FreePorts;
import io.cityhub.tools.DemoSnapshot;
import io.cityhub.tools.GatewayProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What running the gateway under libfaketime costs (the clock-jump system test, {@code tools/…/ClockJumpIT}): the
 * exported runtime started plain and under each libfaketime variant in turn, round after round, so that machine
 * noise hits all alike. Per start: milliseconds from exec to the first 2.04 of a CoAP reading without a time of its
 * own, then the round trips of {@code --posts} sequential readings (p50/p90/max). No broker: a 2.04 means durable
 * in the outbox, which is what a sensor waits for.
 *
 * <pre>
 * java -cp 'target/cityhub-benchmarks-e2e.jar:target/lib/*' io.cityhub.benchmarks.e2e.FaketimeCostBenchmark \
 *     [--rounds 3] [--posts 200] [--repo ../..] [--variants plain,mt-file-nocache,...]
 * </pre>
 */
public final class FaketimeCostBenchmark {

    private static final PrintStream OUT = System.out;
    private static final String LIB = "/usr/lib/x86_64-linux-gnu/faketime/";

    private FaketimeCostBenchmark() {
    }

    /** The variants: name → environment of the gateway JVM (the timestamp file's path is filled in per run). */
    private static Map<String, Map<String, String>> variants(Path stampFile) {
        String file = stampFile.toString();
        Map<String, Map<String, String>> v = new LinkedHashMap<>();
        v.put("plain", Map.of());
        v.put("mt-file-nocache", Map.of("LD_PRELOAD", LIB + "libfaketimeMT.so.1",
                "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_TIMESTAMP_FILE", file, "FAKETIME_NO_CACHE", "1"));
        v.put("mt-file-cache1", Map.of("LD_PRELOAD", LIB + "libfaketimeMT.so.1",
                "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_TIMESTAMP_FILE", file, "FAKETIME_CACHE_DURATION", "1"));
        v.put("st-file-cache1", Map.of("LD_PRELOAD", LIB + "libfaketime.so.1",
                "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_TIMESTAMP_FILE", file, "FAKETIME_CACHE_DURATION", "1"));
        v.put("mt-env-static", Map.of("LD_PRELOAD", LIB + "libfaketimeMT.so.1",
                "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME", "-1h"));
        // without the monotonic fix Debian's build has compiled in: the JVM's timed waits work again
        v.put("mt-file-nocache-fix0", Map.of("LD_PRELOAD", LIB + "libfaketimeMT.so.1",
                "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_TIMESTAMP_FILE", file, "FAKETIME_NO_CACHE", "1",
                "FAKETIME_FORCE_MONOTONIC_FIX", "0"));
        v.put("mt-file-cache1-fix0", Map.of("LD_PRELOAD", LIB + "libfaketimeMT.so.1",
                "FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_TIMESTAMP_FILE", file, "FAKETIME_CACHE_DURATION", "1",
                "FAKETIME_FORCE_MONOTONIC_FIX", "0"));
        // the variable name of the earlier measurement, which libfaketime 0.9.10 does not read
        v.put("mt-file-nocache-oldvar", Map.of("LD_PRELOAD", LIB + "libfaketimeMT.so.1",
                "DONT_FAKE_MONOTONIC", "1", "FAKETIME_TIMESTAMP_FILE", file, "FAKETIME_NO_CACHE", "1"));
        return v;
    }

    /**
     * @param args see the class comment
     * @throws Exception if a gateway cannot be started or never answers
     */
    public static void main(String[] args) throws Exception {
        int rounds = 3;
        int posts = 200;
        Path repo = Path.of("../..");
        List<String> only = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--posts" -> posts = Integer.parseInt(args[++i]);
                case "--repo" -> repo = Path.of(args[++i]);
                case "--variants" -> only = Arrays.asList(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        repo = repo.toAbsolutePath().normalize();
        Path jar = repo.resolve("distribution/target/cityhub.jar");
        Path work = Files.createTempDirectory("faketime-cost");
        Path stamp = work.resolve("faketime.rc");
        Files.writeString(stamp, "-1h\n", StandardCharsets.US_ASCII);
        Map<String, Map<String, String>> all = variants(stamp);
        if (only != null) {
            all.keySet().retainAll(only);
        }
        OUT.printf("work %s, jar %s, %d rounds, %d posts per start, load average at start %s%n", work, jar, rounds,
                posts, loadAverage());
        for (int round = 1; round <= rounds; round++) {
            for (Map.Entry<String, Map<String, String>> variant : all.entrySet()) {
                String row = once(repo, jar, work.resolve(variant.getKey() + "-" + round), variant.getValue(), posts);
                String line = String.format("round %d %-24s %s  load %s", round, variant.getKey(), row,
                        loadAverage());
                OUT.println(line);
            }
        }
        OUT.println("work directory kept: " + work);
    }

    private static String once(Path repo, Path jar, Path dir, Map<String, String> env, int posts) throws Exception {
        Files.createDirectories(dir);
        Path snapshot = dir.resolve("snapshot_0.xml");
        int coapPort = FreePorts.udp();
        DemoSnapshot.derive(repo.resolve("kura-config/snapshot_0.xml"), snapshot, Map.of(
                "io.cityhub.forward.mqtt.MqttForwarder", Map.of("broker.uris", "tcp://127.0.0.1:" + FreePorts.tcp()),
                "io.cityhub.sensor.coap.CoapSensorServer",
                Map.of("bind.address", "127.0.0.1", "port", Integer.toString(coapPort)),
                "io.cityhub.sensor.lora.LoraGateway", Map.of("port", Integer.toString(FreePorts.udp()))));
        long started = System.nanoTime();
        try (GatewayProcess gateway = GatewayProcess.start(jar, dir, snapshot, Map.of(), null, env);
                RawPost sensor = new RawPost(coapPort)) {
            Thread hook = new Thread(() -> {
                // Ctrl-C or a timeout of the harness: the gateway must not outlive it
                try {
                    gateway.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "faketime-cost-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                return measure(gateway, sensor, started, posts);
            } finally {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    private static String measure(GatewayProcess gateway, RawPost sensor, long started, int posts) throws Exception {
        long deadline = started + 300_000_000_000L;
        int value = 0;
        while (true) {
            if (sensor.post(value++, 200) == 0x44) {
                break;
            }
            if (!gateway.isAlive() || System.nanoTime() > deadline) {
                return "NO START (alive " + gateway.isAlive() + ", see " + gateway.log() + ")";
            }
            Thread.sleep(100);
        }
        long startMillis = (System.nanoTime() - started) / 1_000_000;
        long[] rtt = new long[posts];
        for (int i = 0; i < posts; i++) {
            long t0 = System.nanoTime();
            int code = sensor.post(value++, 30_000);
            rtt[i] = System.nanoTime() - t0;
            if (code != 0x44) {
                return "start " + startMillis + " ms, post " + i + " answered code " + code;
            }
        }
        Arrays.sort(rtt);
        return String.format("start→2.04 %6d ms  rtt p50 %6.2f ms p90 %6.2f ms max %7.2f ms", startMillis,
                rtt[posts / 2] / 1e6, rtt[posts * 9 / 10] / 1e6, rtt[posts - 1] / 1e6);
    }

    /**
     * A CoAP client small enough to time one request: a confirmable POST of one SenML JSON reading without a time
     * (RFC 7252 §3 header, a 2-byte token, Uri-Path {@code readings/ftcost}, Content-Format 110) and the
     * response with the same token; a separate response is acknowledged.
     */
    private static final class RawPost implements AutoCloseable {
        private final DatagramSocket socket;
        private final InetSocketAddress gateway;
        private int messageId;

        RawPost(int port) throws IOException {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            gateway = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        }

        /** @return the response code byte (0x44 = 2.04), or -1 if none came within the timeout */
        int post(int value, int timeoutMillis) throws IOException {
            int id = ++messageId & 0xffff;
            ByteArrayOutputStream m = new ByteArrayOutputStream();
            m.write(0x42); // version 1, confirmable, token length 2
            m.write(0x02); // POST
            m.write(id >> 8);
            m.write(id);
            m.write(id >> 8); // token = message id
            m.write(id);
            byte[] path1 = "readings".getBytes(StandardCharsets.US_ASCII);
            byte[] path2 = "ftcost".getBytes(StandardCharsets.US_ASCII);
            m.write(0xB0 | path1.length); // option 11 Uri-Path
            m.writeBytes(path1);
            m.write(path2.length); // option 11 again
            m.writeBytes(path2);
            m.write(0x11); // option 12 Content-Format, 1 byte
            m.write(110);
            m.write(0xFF);
            m.writeBytes(("[{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":" + value + "}]")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] request = m.toByteArray();
            socket.send(new DatagramPacket(request, request.length, gateway));
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            byte[] buffer = new byte[1500];
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return -1;
                }
                socket.setSoTimeout((int) left);
                DatagramPacket in = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(in);
                } catch (SocketTimeoutException | PortUnreachableException e) {
                    return -1;
                }
                int type = (buffer[0] >> 4) & 0x3;
                int code = buffer[1] & 0xff;
                boolean ours = in.getLength() >= 6 && (buffer[0] & 0x0f) == 2
                        && (buffer[4] & 0xff) == (id >> 8 & 0xff) && (buffer[5] & 0xff) == (id & 0xff);
                if (code == 0 || !ours) {
                    continue; // an empty ACK before a separate response, or a late answer to an earlier request
                }
                if (type == 0) {
                    byte[] ack = {0x60, 0, buffer[2], buffer[3]};
                    socket.send(new DatagramPacket(ack, ack.length, gateway));
                }
                return code;
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
