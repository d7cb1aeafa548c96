package io.cityhub.api.filter;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The default filters device profiles declare per channel; registered as a service by the bundle that loads the
 * profiles. Without one, a channel's default chain holds only what its {@link io.cityhub.api.profile.ChannelSpec}
 * implies (conversion to its unit, its valid range).
 */
@ProviderType
public interface ProfileFilterDefaults {

    /**
     * @param profileId a device profile id, not null
     * @param channel a channel of that profile, not null
     * @return the channel's default filters in the profile's order; empty if it declares none or is unknown; never
     *     null
     */
    List<FilterSpec> defaultFilters(String profileId, String channel);
}
