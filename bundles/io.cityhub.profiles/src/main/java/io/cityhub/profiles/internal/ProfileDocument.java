package io.cityhub.profiles.internal;

import io.cityhub.api.filter.FilterSpec;
import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.profiles.internal.layout.Layout;
import java.util.List;
import java.util.Map;

/**
 * A profile file as read: the API view, its codec kind and layout, its documented examples.
 *
 * @param source where it was read from (a file name), for messages
 * @param profile the profile
 * @param codecType {@code layout}, {@code cayenne-lpp}, {@code senml-json}, {@code senml-cbor} or {@code gpio}
 * @param layout the declarative layout when {@code codecType} is {@code layout}, else null
 * @param examples documented example payloads
 * @param filters default edge filters by channel name, each list in the profile's order; never null
 */
public record ProfileDocument(String source, DeviceProfile profile, String codecType, Layout layout,
        List<ProfileExample> examples, Map<String, List<FilterSpec>> filters) {

    /** Codec type of a device whose readings the GPIO source makes itself: no payload, no codec. */
    public static final String GPIO = "gpio";

    /** Copies the examples and filters. */
    public ProfileDocument {
        examples = List.copyOf(examples);
        filters = Map.copyOf(filters);
    }

    /**
     * @param channel a channel name, not null
     * @return its default filters in the profile's order, empty if it declares none
     */
    public List<FilterSpec> filters(String channel) {
        return filters.getOrDefault(channel, List.of());
    }
}
