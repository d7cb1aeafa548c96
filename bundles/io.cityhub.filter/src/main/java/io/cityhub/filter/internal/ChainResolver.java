package io.cityhub.filter.internal;

import io.cityhub.api.filter.FilterSpec;
import io.cityhub.api.filter.ProfileFilterDefaults;
import io.cityhub.api.profile.ChannelSpec;
import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.api.profile.DeviceProfileRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which chain a sensor channel gets: its {@link SensorFilterOverride} if one is configured, else its device profile's
 * defaults (conversion to the channel's unit, its valid range with out-of-range values dropped, then the filters the
 * profile declares), else none. The profile is the registry's mapping of the sensor, else the one its source names.
 */
final class ChainResolver {

    volatile DeviceProfileRegistry registry;
    volatile ProfileFilterDefaults defaults;
    final Map<ChannelKey, SensorFilterOverride> overrides = new ConcurrentHashMap<>();

    /**
     * @param key the sensor channel
     * @param sourceProfile the profile the sensor's source names for it ({@code SourceMetadata.PROFILE}), used
     *     when the registry maps no profile to the sensor; null for none
     * @throws IllegalArgumentException if the specification that applies is invalid
     */
    ChainSpec resolve(ChannelKey key, String sourceProfile) {
        DeviceProfileRegistry profiles = registry;
        Optional<DeviceProfile> profile = profiles == null ? Optional.empty() : profiles.profileOf(key.sensorId());
        if (profile.isEmpty() && profiles != null && sourceProfile != null) {
            profile = profiles.profile(sourceProfile);
        }
        ChannelSpec channel = profile.flatMap(p -> p.channel(key.channel())).orElse(null);
        SensorFilterOverride override = overrides.get(key);
        if (override != null) {
            return new ChainParser(SensorFilterOverride.PID + " (" + key + ")").parse(override.filters(), channel);
        }
        if (channel == null) {
            return ChainSpec.NONE;
        }
        List<FilterSpec> specs = new ArrayList<>();
        if (!channel.unit().isEmpty()) {
            specs.add(new FilterSpec("unit", Map.of("to", channel.unit())));
        }
        if (channel.min() > Double.NEGATIVE_INFINITY || channel.max() < Double.POSITIVE_INFINITY) {
            specs.add(new FilterSpec("range", Map.of("action", "drop")));
        }
        ProfileFilterDefaults declared = defaults;
        String profileId = profile.get().id();
        if (declared != null) {
            specs.addAll(declared.defaultFilters(profileId, key.channel()));
        }
        return new ChainParser("profile " + profileId + " channel " + key.channel()).parse(specs, channel);
    }
}
