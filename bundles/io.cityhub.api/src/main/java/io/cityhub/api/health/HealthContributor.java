package io.cityhub.api.health;

import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A component's contribution to the gateway health report (status message, technician UI). Registered as a
 * service; the uplink collects every one.
 */
@ConsumerType
public interface HealthContributor {

    /** @return the section name, e.g. {@code buffer}, {@code coap}, {@code lora}; never null */
    String healthSection();

    /**
     * @return current counters and states; values are {@link Number}, {@link Boolean} or {@link String};
     *     never null; must be cheap and never block
     */
    Map<String, Object> health();
}
