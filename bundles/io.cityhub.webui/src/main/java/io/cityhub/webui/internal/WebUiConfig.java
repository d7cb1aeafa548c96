package io.cityhub.webui.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The technician web UI of the standalone runtime. Every min/max is a {@link WebUiOptions} constant, the same one
 * activation checks. A change restarts the UI (and logs everyone out).
 */
@ObjectClassDefinition(id = WebUi.PID, name = "cityhub technician web UI",
        description = "Status page and configuration forms of the standalone runtime (not used inside Kura, which"
                + " has its own web UI). Login with the credentials set by ./cityhub ui-password; without them the"
                + " UI does not start.")
@interface WebUiConfig {

    @AttributeDefinition(name = "Enabled",
            description = "false for a gateway that must serve no web UI at all (then nothing is logged about a"
                    + " missing password). When true, the UI needs the login set by ./cityhub ui-password.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Bind address",
            description = "The address the UI listens on: 127.0.0.1 (default) for this machine only, e.g. through"
                    + " an SSH tunnel; 0.0.0.0 for every interface. The UI speaks plain HTTP, so listen beyond the"
                    + " gateway only on a network you trust.")
    String bind_address() default "127.0.0.1";

    @AttributeDefinition(name = "Port", min = "" + WebUiOptions.MIN_PORT, max = "" + WebUiOptions.MAX_PORT,
            description = "TCP port of the UI, e.g. 8088.")
    int port() default 8088;

    @AttributeDefinition(name = "Worker threads", min = "" + WebUiOptions.MIN_THREADS,
            max = "" + WebUiOptions.MAX_THREADS,
            description = "Requests served at the same time; more wait in a short queue.")
    int threads() default 2;

    @AttributeDefinition(name = "Max request size (bytes)", min = "" + WebUiOptions.MIN_REQUEST_BYTES,
            max = "" + WebUiOptions.MAX_REQUEST_BYTES,
            description = "A request body (a submitted form) larger than this is refused with 413.")
    int max_request_bytes() default 65_536;

    @AttributeDefinition(name = "Session idle timeout (min)", min = "" + WebUiOptions.MIN_IDLE_MINUTES,
            max = "" + WebUiOptions.MAX_IDLE_MINUTES,
            description = "A login ends after this many minutes without a request.")
    int session_idle_minutes() default 30;

    @AttributeDefinition(name = "Silent after (s)", min = "" + WebUiOptions.MIN_SILENT_SECONDS,
            max = "" + WebUiOptions.MAX_SILENT_SECONDS,
            description = "The status page highlights a sensor not heard from for this many seconds.")
    int silent_after_seconds() default 900;

    @AttributeDefinition(name = "Credentials file", required = false,
            description = "The file ./cityhub ui-password writes; empty for webui-credentials in the runtime's data"
                    + " directory. A relative path is resolved against the data directory.")
    String credentials_file() default "";
}
