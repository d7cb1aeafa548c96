package io.cityhub.sensor.gpio.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Validated configuration of one pin. Every check here is mirrored exactly by the metatype bounds in
 * {@link GpioPinConfig}, which use the same constants.
 *
 * @param bcm Broadcom GPIO number
 * @param role what the pin is
 * @param sensorId sensor id of readings, or the output id
 * @param channel channel of readings
 * @param unit unit of one scaled pulse (counter), empty for none
 * @param scale value of one pulse (counter), positive
 * @param pull pull resistor of an input, counter or feedback pin
 * @param activeHigh whether the high level means on / closed / pulse
 * @param debounce how long a level must be stable to count; zero takes every edge
 * @param heartbeat interval of heartbeat readings (input); zero for none
 * @param window counting window (counter)
 * @param stateDir folder of the counter's state file as configured; relative to the data root unless absolute
 * @param safeOn whether the output's safe state is on
 * @param feedbackBcm BCM number of the output's feedback input, or -1
 * @param feedbackSettle how long feedback may disagree before a mismatch event
 */
record GpioPinOptions(int bcm, PinRole role, String sensorId, String channel, String unit, double scale, Pull pull,
        boolean activeHigh, Duration debounce, Duration heartbeat, Duration window, Path stateDir, boolean safeOn,
        int feedbackBcm, Duration feedbackSettle) {

    /** Lowest BCM number on the 40-pin header. */
    static final int MIN_BCM = 0;
    /** Highest BCM number on the 40-pin header. */
    static final int MAX_BCM = 27;
    /** Longest sensor or output id. */
    static final int MAX_ID_LENGTH = 64;
    /** Smallest value of one pulse. */
    static final double MIN_SCALE = 0.000001;
    /** Largest value of one pulse. */
    static final double MAX_SCALE = 1000000.0;
    /** Longest debounce: longer is a misconfigured heartbeat, not contact bounce. */
    static final int MAX_DEBOUNCE_MS = 10_000;
    /** Longest heartbeat interval: one day. */
    static final int MAX_HEARTBEAT_SECONDS = 86_400;
    /** Longest counting window: one day. */
    static final int MAX_WINDOW_SECONDS = 86_400;
    /** Longest feedback settle time. */
    static final int MAX_FEEDBACK_SETTLE_MS = 60_000;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_ID_LENGTH + "}");
    private static final Pattern CHANNEL = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9%/._-]{0,16}");

    /** Pull resistor of an input. */
    enum Pull { UP, DOWN, NONE }

    GpioPinOptions {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(pull, "pull");
    }

    /**
     * @param config the configuration as ConfigAdmin delivered it
     * @return the validated options
     * @throws IllegalArgumentException naming PID, attribute, value and what is allowed, for the first bad attribute
     */
    static GpioPinOptions from(GpioPinConfig config) {
        int bcm = config.bcm();
        if (bcm < MIN_BCM || bcm > MAX_BCM) {
            throw invalid("bcm", bcm, "a BCM number from " + MIN_BCM + " to " + MAX_BCM);
        }
        PinRole role = switch (String.valueOf(config.role())) {
            case "input" -> PinRole.INPUT;
            case "counter" -> PinRole.COUNTER;
            case "output" -> PinRole.OUTPUT;
            default -> throw invalid("role", config.role(), "one of input, counter, output");
        };
        String sensorId = config.sensor_id();
        if (sensorId == null || !ID.matcher(sensorId).matches()) {
            throw invalid("sensor.id", sensorId, "1 to " + MAX_ID_LENGTH + " letters, digits, '.', '_' or '-'");
        }
        String channel = config.channel() == null || config.channel().isEmpty()
                ? role.defaultChannel() : config.channel();
        if (!CHANNEL.matcher(channel).matches()) {
            throw invalid("channel", channel, "empty, or 1 to 64 letters, digits, '.', '_' or '-'");
        }
        String unit = config.unit() == null ? "" : config.unit();
        if (!UNIT.matcher(unit).matches()) {
            throw invalid("unit", unit, "empty, or a SenML unit symbol of up to 16 characters such as mm or m3");
        }
        double scale = config.scale();
        if (!(scale >= MIN_SCALE && scale <= MAX_SCALE)) {
            throw invalid("scale", scale, "a number from " + MIN_SCALE + " to " + MAX_SCALE);
        }
        Pull pull = switch (String.valueOf(config.pull())) {
            case "up" -> Pull.UP;
            case "down" -> Pull.DOWN;
            case "none" -> Pull.NONE;
            default -> throw invalid("pull", config.pull(), "one of up, down, none");
        };
        boolean activeHigh = switch (String.valueOf(config.active_level())) {
            case "high" -> true;
            case "low" -> false;
            default -> throw invalid("active.level", config.active_level(), "one of low, high");
        };
        int debounceMs = config.debounce_ms();
        if (debounceMs < 0 || debounceMs > MAX_DEBOUNCE_MS) {
            throw invalid("debounce.ms", debounceMs, "milliseconds from 0 to " + MAX_DEBOUNCE_MS);
        }
        int heartbeat = config.heartbeat_seconds();
        if (heartbeat < 0 || heartbeat > MAX_HEARTBEAT_SECONDS) {
            throw invalid("heartbeat.seconds", heartbeat, "seconds from 0 to " + MAX_HEARTBEAT_SECONDS);
        }
        int window = config.window_seconds();
        if (window < 1 || window > MAX_WINDOW_SECONDS) {
            throw invalid("window.seconds", window, "seconds from 1 to " + MAX_WINDOW_SECONDS);
        }
        Path stateDir = stateDir(config.state_dir());
        boolean safeOn = switch (String.valueOf(config.safe_state())) {
            case "off" -> false;
            case "on" -> true;
            default -> throw invalid("safe.state", config.safe_state(), "one of off, on");
        };
        int feedback = config.feedback_bcm();
        if (feedback != -1 && (feedback < MIN_BCM || feedback > MAX_BCM)) {
            throw invalid("feedback.bcm", feedback, "-1 for none, or a BCM number from " + MIN_BCM + " to " + MAX_BCM);
        }
        if (feedback == bcm) {
            throw invalid("feedback.bcm", feedback, "a pin other than the output's own BCM " + bcm);
        }
        int settle = config.feedback_settle_ms();
        if (settle < 1 || settle > MAX_FEEDBACK_SETTLE_MS) {
            throw invalid("feedback.settle.ms", settle, "milliseconds from 1 to " + MAX_FEEDBACK_SETTLE_MS);
        }
        return new GpioPinOptions(bcm, role, sensorId, channel, unit, scale, pull, activeHigh,
                Duration.ofMillis(debounceMs), Duration.ofSeconds(heartbeat), Duration.ofSeconds(window), stateDir,
                safeOn, feedback, Duration.ofMillis(settle));
    }

    private static Path stateDir(String configured) {
        String dir = configured == null || configured.isBlank() ? "gpio-counters" : configured;
        try {
            return Path.of(dir);
        } catch (java.nio.file.InvalidPathException e) {
            throw invalid("state.dir", dir, "a folder path");
        }
    }

    /** @return the text of a validation failure in the project's one shape */
    static IllegalArgumentException invalid(String attribute, Object value, String expected) {
        return new IllegalArgumentException(String.format(Locale.ROOT,
                "%s: attribute '%s' has invalid value '%s'; expected %s", GpioPin.PID, attribute, value, expected));
    }
}
