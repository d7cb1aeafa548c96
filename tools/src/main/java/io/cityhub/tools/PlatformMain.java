package io.cityhub.tools;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Runs the platform stand-in as its own process, for tests that cannot embed a broker (the OSGi integration
 * tests). Prints {@code READY <port>} once listening, then one line per received message:
 * {@code MESSAGE <topic> <retained> <base64 payload>}. Stops when its standard input closes or reads {@code stop}.
 */
public final class PlatformMain {

    private PlatformMain() {
    }

    /**
     * @param args {@code <port> [topic filter, default #]}
     * @throws Exception if the broker cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String filter = args.length > 1 ? args[1] : "#";
        PrintStream out = System.out;
        try (PlatformStandIn platform = PlatformStandIn.start(port, filter, m -> {
            synchronized (out) {
                out.println("MESSAGE " + m.topic() + " " + m.retained() + " "
                        + Base64.getEncoder().encodeToString(m.payload()));
                out.flush();
            }
        })) {
            synchronized (out) {
                out.println("READY " + platform.port());
                out.flush();
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.trim().equals("stop")) {
                // requests to publish could be read here; the tests only need to stop the stand-in
            }
        }
    }
}
