package io.cityhub.tools;

import io.cityhub.webui.internal.Credentials;
import io.cityhub.webui.internal.PasswordHash;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The technician web UI for a demo or a system test: its configuration in the snapshot (loopback address, a given
 * port) and a login written to the gateway's data directory, as {@code ./cityhub ui-password} writes it.
 */
public final class DemoWebUi {

    /** The web UI's configuration PID. */
    public static final String PID = "io.cityhub.webui.WebUi";
    /** The demo's user. */
    public static final String USER = "technician";
    /** The demo's password: for the demo only, printed by it; a real gateway gets its own at install time. */
    public static final String DEMO_PASSWORD = "demo-only-lamp-post";

    private DemoWebUi() {
    }

    /**
     * Appends the web UI's configuration to a snapshot.
     *
     * @param snapshot the snapshot file, changed in place
     * @param port the UI's TCP port on 127.0.0.1
     * @throws IOException if it cannot be read or written
     */
    public static void addTo(Path snapshot, int port) throws IOException {
        append(snapshot, """
                      <esf:property name="bind.address" type="String" array="false" \
                          encrypted="false"><esf:value>127.0.0.1</esf:value></esf:property>
                      <esf:property name="port" type="Integer" array="false" \
                          encrypted="false"><esf:value>%d</esf:value></esf:property>
                """.formatted(port));
    }

    /**
     * Appends a web UI configuration with {@code enabled=false} to a snapshot: a gateway that serves no UI (a
     * benchmark, a headless gateway) then logs one INFO line instead of the ERROR about missing credentials.
     *
     * @param snapshot the snapshot file, changed in place
     * @throws IOException if it cannot be read or written
     */
    public static void disableIn(Path snapshot) throws IOException {
        append(snapshot, """
                      <esf:property name="enabled" type="Boolean" array="false" \
                          encrypted="false"><esf:value>false</esf:value></esf:property>
                """);
    }

    private static void append(Path snapshot, String properties) throws IOException {
        String text = Files.readString(snapshot, StandardCharsets.UTF_8);
        if (text.contains("pid=\"" + PID + "\"")) {
            throw new IOException(snapshot + " configures " + PID + " already");
        }
        String ui = """
                  <esf:configuration pid="%1$s">
                    <esf:properties>
                      <esf:property name="kura.service.pid" type="String" array="false" \
                          encrypted="false"><esf:value>%1$s</esf:value></esf:property>
                %2$s    </esf:properties>
                  </esf:configuration>
                </esf:configurations>""".formatted(PID, properties);
        int end = text.lastIndexOf("</esf:configurations>");
        if (end < 0) {
            throw new IOException(snapshot + " has no </esf:configurations>");
        }
        Files.writeString(snapshot, text.substring(0, end) + ui.strip() + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Writes a login into a data directory.
     *
     * @param dataDir the gateway's data directory
     * @param password the password
     * @param iterations PBKDF2 iterations (a test may use fewer than a gateway)
     * @throws IOException if it cannot be written
     */
    public static void writeLogin(Path dataDir, String password, int iterations) throws IOException {
        Credentials.write(dataDir.resolve(Credentials.DEFAULT_FILE_NAME), USER, password.toCharArray(), iterations);
    }

    /**
     * @param dataDir the gateway's data directory
     * @param password the password
     * @throws IOException if it cannot be written
     */
    public static void writeLogin(Path dataDir, String password) throws IOException {
        writeLogin(dataDir, password, PasswordHash.DEFAULT_ITERATIONS);
    }
}
