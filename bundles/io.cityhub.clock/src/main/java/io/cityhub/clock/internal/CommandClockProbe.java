package io.cityhub.clock.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the synchronisation state from systemd's {@code timedatectl} (property NTPSynchronized) and, when that does
 * not answer (no systemd, as in containers), from {@code chronyc tracking} (its "Leap status"). Each command is
 * killed after the configured timeout, so one hung tool never stalls the probe thread.
 */
final class CommandClockProbe implements ClockProbe {

    private static final Logger LOG = LoggerFactory.getLogger(CommandClockProbe.class);
    /** Output beyond this is not read: both tools answer in well under 1 KiB. */
    private static final int MAX_OUTPUT_BYTES = 16_384;

    private final Duration timeout;

    CommandClockProbe(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public ProbeResult probe() throws InterruptedException {
        String ntp = run(List.of("timedatectl", "show", "-p", "NTPSynchronized", "--value"));
        Boolean fromTimedatectl = parseTimedatectl(ntp);
        if (fromTimedatectl != null) {
            return new ProbeResult("timedatectl", fromTimedatectl);
        }
        Boolean fromChrony = parseChronyTracking(run(List.of("chronyc", "tracking")));
        if (fromChrony != null) {
            return new ProbeResult("chronyc", fromChrony);
        }
        return ProbeResult.NONE;
    }

    /** @return true for "yes", false for "no", null for anything else (tool missing or failed) */
    static Boolean parseTimedatectl(String output) {
        if (output == null) {
            return null;
        }
        return switch (output.strip()) {
            case "yes" -> Boolean.TRUE;
            case "no" -> Boolean.FALSE;
            default -> null;
        };
    }

    /**
     * chrony reports "Leap status : Normal" (or "Insert second"/"Delete second") while synchronised and
     * "Not synchronised" otherwise (chronyc(1), tracking).
     *
     * @return the state, or null if the output has no Leap status line
     */
    static Boolean parseChronyTracking(String output) {
        if (output == null) {
            return null;
        }
        for (String line : output.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals("Leap status")) {
                String status = line.substring(colon + 1).strip();
                return switch (status) {
                    case "Normal", "Insert second", "Delete second" -> Boolean.TRUE;
                    case "Not synchronised" -> Boolean.FALSE;
                    default -> null;
                };
            }
        }
        return null;
    }

    /** @return the command's standard output if it exited 0 within the timeout, else null */
    private String run(List<String> command) throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            LOG.debug("{} not available: {}", command.get(0), e.getMessage());
            return null;
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} did not answer within {} ms; killed", command.get(0), timeout.toMillis());
                return null;
            }
            if (process.exitValue() != 0) {
                return null;
            }
            try (InputStream out = process.getInputStream()) {
                return new String(out.readNBytes(MAX_OUTPUT_BYTES), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            LOG.debug("cannot read {} output: {}", command.get(0), e.getMessage());
            return null;
        } finally {
            process.destroyForcibly();
        }
    }
}
