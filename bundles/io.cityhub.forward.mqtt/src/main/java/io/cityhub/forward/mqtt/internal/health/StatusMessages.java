package io.cityhub.forward.mqtt.internal.health;

import io.cityhub.forward.mqtt.internal.link.StatusPayloads;
import io.cityhub.profiles.senml.JsonValues;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * The retained status payloads (bundle README, topic {@code .../status}) and the version facts of the health
 * message.
 */
public final class StatusMessages implements StatusPayloads {

    private final String gatewayId;
    private final Clock clock;

    /** @param clock stamps the online and shutdown states */
    public StatusMessages(String gatewayId, Clock clock) {
        this.gatewayId = gatewayId;
        this.clock = clock;
    }

    /** @return {@code {"gateway","state":"online","time"}}, published on every connect */
    @Override
    public byte[] online() {
        return payload("online", null, true);
    }

    /** @return the last will: no time in it, because it is fixed at connect time and a time would mislead */
    @Override
    public byte[] connectionLost() {
        return payload("offline", "connection lost", false);
    }

    /** @return the offline state published on a clean stop */
    @Override
    public byte[] shutdown() {
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
        return JsonValues.write(status);
    }

    /** @return this bundle's version, or "unknown" outside OSGi */
    public static String bundleVersion() {
        Bundle bundle = FrameworkUtil.getBundle(StatusMessages.class);
        return bundle == null ? "unknown" : bundle.getVersion().toString();
    }
}
