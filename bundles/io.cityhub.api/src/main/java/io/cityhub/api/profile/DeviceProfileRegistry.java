package io.cityhub.api.profile;

import java.util.Collection;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The device profiles this gateway knows, and which sensor uses which. */
@ProviderType
public interface DeviceProfileRegistry {

    /**
     * @param profileId a profile id, not null
     * @return the profile, or empty if unknown
     */
    Optional<DeviceProfile> profile(String profileId);

    /**
     * @param sensorId a sensor id, not null
     * @return the profile configured for that sensor, or empty if none is
     */
    Optional<DeviceProfile> profileOf(String sensorId);

    /** @return every known profile, never null */
    Collection<DeviceProfile> profiles();

    /**
     * A number that changes every time the profiles are (re)loaded, so a user that derives state from them (the edge
     * filter chains) knows when to derive it again, also when a reload leaves the registry's service properties as
     * they were.
     *
     * @return the revision of the loaded profiles; the default, for a registry that never reloads, is 0
     */
    default long revision() {
        return 0;
    }
}
