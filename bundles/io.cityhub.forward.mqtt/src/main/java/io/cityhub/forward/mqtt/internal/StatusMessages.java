package io.cityhub.forward.mqtt.internal;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retained status payloads (bundle README, topic {@code .../status}) and the version facts of the health
 * message.
 */
final class StatusMessages {

    private static final Logger LOG = LoggerFactory.getLogger(StatusMessages.class);

    private final String gatewayId;
    private final Clock clock;

    StatusMessages(String gatewayId, Clock clock) {
        this.gatewayId = gatewayId;
        this.clock = clock;
    }

    /** @return {@code {"gateway","state":"online","time"}}, published on every connect */
    byte[] online() {
        return payload("online", null, true);
    }

    /** @return the last will: no time in it, because it is fixed at connect time and a time would mislead */
    byte[] connectionLost() {
        return payload("offline", "connection lost", false);
    }

    /** @return the offline state published on a clean stop */
    byte[] shutdown() {
        return payload("offline", "shutdown", true);
    }

    private byte[] payload(String state, String reason, boolean stamped) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("gateway", gatewayId);
        status.put("state", state);
        if (reason != null) {
            status.put("reason", reason);
        }
        if (stamped) {
            status.put("time", clock.instant().toString());
        }
        return JsonWriter.toBytes(status);
    }

    /** @return Paho's version, from the build (versions.properties) */
    static String pahoVersion() {
        Properties p = new Properties();
        try (InputStream in = StatusMessages.class.getResourceAsStream("versions.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            LOG.debug("uplink versions.properties unreadable: {}", e.getMessage());
        }
        return p.getProperty("paho", "unknown");
    }

    /** @return this bundle's version, or "unknown" outside OSGi */
    static String bundleVersion() {
        Bundle bundle = FrameworkUtil.getBundle(StatusMessages.class);
        return bundle == null ? "unknown" : bundle.getVersion().toString();
    }
}
