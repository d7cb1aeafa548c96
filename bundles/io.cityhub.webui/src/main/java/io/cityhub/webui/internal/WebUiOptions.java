package io.cityhub.webui.internal;

import java.time.Duration;

/**
 * The UI's validated configuration.
 *
 * @param enabled whether the UI serves at all
 * @param bindAddress the listening address, not blank
 * @param port the TCP port
 * @param threads worker threads
 * @param maxRequestBytes the largest request body accepted
 * @param sessionIdle how long a session lives without a request
 * @param silentAfter when a sensor counts as silent
 * @param credentialsFile the configured credentials file, empty for the default
 */
record WebUiOptions(boolean enabled, String bindAddress, int port, int threads, int maxRequestBytes,
        Duration sessionIdle, Duration silentAfter, String credentialsFile) {

    static final int MIN_PORT = 1;
    static final int MAX_PORT = 65_535;
    static final int MIN_THREADS = 1;
    static final int MAX_THREADS = 16;
    static final int MIN_REQUEST_BYTES = 1_024;
    static final int MAX_REQUEST_BYTES = 1_048_576;
    static final int MIN_IDLE_MINUTES = 1;
    static final int MAX_IDLE_MINUTES = 720;
    static final int MIN_SILENT_SECONDS = 10;
    static final int MAX_SILENT_SECONDS = 604_800;

    /**
     * @param config the component configuration
     * @return the options
     * @throws IllegalArgumentException naming PID, attribute and value if one is invalid
     */
    static WebUiOptions from(WebUiConfig config) {
        String bind = config.bind_address() == null ? "" : config.bind_address().strip();
        if (bind.isEmpty()) {
            throw invalid("bind.address", config.bind_address(), "an address such as 127.0.0.1 or 0.0.0.0");
        }
        return new WebUiOptions(config.enabled(), bind,
                range("port", config.port(), MIN_PORT, MAX_PORT),
                range("threads", config.threads(), MIN_THREADS, MAX_THREADS),
                range("max.request.bytes", config.max_request_bytes(), MIN_REQUEST_BYTES, MAX_REQUEST_BYTES),
                Duration.ofMinutes(range("session.idle.minutes", config.session_idle_minutes(), MIN_IDLE_MINUTES,
                        MAX_IDLE_MINUTES)),
                Duration.ofSeconds(range("silent.after.seconds", config.silent_after_seconds(), MIN_SILENT_SECONDS,
                        MAX_SILENT_SECONDS)),
                config.credentials_file() == null ? "" : config.credentials_file().strip());
    }

    private static int range(String attribute, int value, int min, int max) {
        if (value < min || value > max) {
            throw invalid(attribute, String.valueOf(value), "between " + min + " and " + max);
        }
        return value;
    }

    private static IllegalArgumentException invalid(String attribute, String value, String expected) {
        return new IllegalArgumentException(WebUi.PID + ": attribute '" + attribute + "' has invalid value '" + value
                + "'; expected " + expected);
    }
}
