package io.cityhub.api.health;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the gateway last heard from each sensor: for a technician looking for a sensor that went silent. Provided by
 * ingest, which sees every reading that reaches the outbox. Bounded: a provider keeps a fixed number of sensors and
 * forgets the one heard from longest ago first.
 */
@ProviderType
public interface SensorActivity {

    /**
     * @return one entry per sensor and channel, most recently heard first; never null, possibly empty; a copy the
     *     caller may keep
     */
    List<SensorSighting> sightings();
}
