package io.cityhub.tools;

import io.cityhub.profiles.internal.ProfileCatalog;
import io.cityhub.profiles.internal.ProfileException;
import io.cityhub.profiles.internal.ProfileReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code cityhub profiles check [DIR]}: validates every {@code *.yaml} of DIR (default {@code device-profiles}) against
 * the device-profile schema and runs each profile's documented examples through its codec, with the gateway's own
 * reader and codecs. One line per file: {@code ok FILE: N examples} on standard output, {@code FILE: reason} on
 * standard error. Exit code 0 if all pass, 1 otherwise (also for a usage error, with a one-line reason).
 */
public final class ProfilesCheck {

    /** Exit code when a profile fails or the arguments cannot be used. */
    static final int FAILED = 1;

    private ProfilesCheck() {
    }

    /** Entry point of {@code cityhub profiles check}. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args {@code check [DIR]}
     * @param out where passing files are listed
     * @param err where failing files and usage errors are reported
     * @return the exit code
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2 || !"check".equals(args[0])) {
            err.println("usage: cityhub profiles check [DIR]");
            return FAILED;
        }
        Path directory = Path.of(args.length == 2 ? args[1] : "device-profiles");
        if (!Files.isDirectory(directory)) {
            err.println("cityhub profiles check: " + directory + " is not a directory");
            return FAILED;
        }
        List<ProfileCatalog.Source> sources;
        try {
            sources = ProfileCatalog.directory(directory);
        } catch (IOException e) {
            err.println("cityhub profiles check: cannot read " + directory + ": " + e.getMessage());
            return FAILED;
        }
        if (sources.isEmpty()) {
            err.println("cityhub profiles check: no *.yaml profile in " + directory);
            return FAILED;
        }
        ProfileReader reader = new ProfileReader();
        int failed = 0;
        for (ProfileCatalog.Source source : sources) {
            try {
                ProfileCatalog.Loaded loaded = ProfileCatalog.check(reader, source);
                out.println("ok " + source.name() + ": " + loaded.document().examples().size() + " examples");
            } catch (ProfileException e) {
                err.println(e.getMessage());
                failed++;
            }
        }
        if (failed > 0) {
            err.println("cityhub profiles check: " + failed + " of " + sources.size() + " profiles failed");
            return FAILED;
        }
        return 0;
    }
}
