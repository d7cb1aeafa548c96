package io.cityhub.tools;

import io.cityhub.webui.internal.Credentials;
import io.cityhub.webui.internal.PasswordHash;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code cityhub ui-password [--file PATH] [--user NAME]}: sets the technician web UI's login at install time. Asks
 * for the password twice on the terminal (or reads one line from standard input when there is no terminal, for
 * provisioning scripts) and writes the salted PBKDF2 hash to the credentials file, by default
 * {@code data/webui-credentials} (the standalone runtime's default data directory). There is no default password:
 * without this file the web UI does not start. The gateway reads the file when the UI starts (restart it after a
 * change).
 */
public final class UiPassword {

    /** Shorter passwords are refused: the UI may listen beyond the gateway. */
    static final int MIN_LENGTH = 12;
    static final String DEFAULT_USER = "technician";

    private UiPassword() {
    }

    /** Entry point of {@code cityhub ui-password}. */
    public static void main(String[] args) throws IOException {
        PrintStream err = System.err;
        Path file = Path.of("data", Credentials.DEFAULT_FILE_NAME);
        String user = DEFAULT_USER;
        for (int i = 0; i < args.length; i++) {
            if ("--file".equals(args[i]) && i + 1 < args.length) {
                file = Path.of(args[++i]);
            } else if ("--user".equals(args[i]) && i + 1 < args.length) {
                user = args[++i];
            } else {
                err.println("usage: ./cityhub ui-password [--file PATH] [--user NAME]");
                System.exit(1);
            }
        }
        char[] password = read(err);
        String problem = problem(password);
        if (problem != null) {
            err.println("cityhub ui-password: " + problem + "; nothing written");
            System.exit(1);
        }
        try {
            Credentials.write(file, user, password, PasswordHash.DEFAULT_ITERATIONS);
        } catch (IllegalArgumentException e) {
            err.println("cityhub ui-password: " + e.getMessage() + "; nothing written");
            System.exit(1);
        } finally {
            Arrays.fill(password, '\0');
        }
        System.out.println("cityhub ui-password: login '" + user + "' written to " + file.toAbsolutePath()
                + " (salted PBKDF2-HMAC-SHA256); restart the gateway for the web UI to use it");
    }

    /** @return why the password is refused, or null */
    static String problem(char[] password) {
        if (password == null) {
            return "the two passwords differ";
        }
        if (password.length < MIN_LENGTH) {
            return "the password must have at least " + MIN_LENGTH + " characters";
        }
        return null;
    }

    /** @return the password, or null if the two entries differ */
    private static char[] read(PrintStream err) throws IOException {
        Console console = System.console();
        if (console == null) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            return line == null ? new char[0] : line.toCharArray();
        }
        char[] first = console.readPassword("New web UI password: ");
        char[] second = console.readPassword("Again: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            err.println("The two passwords differ.");
            return null;
        }
        Arrays.fill(second, '\0');
        return first;
    }
}
