package io.cityhub.profiles.internal;

import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.profiles.internal.layout.Layout;
import java.util.List;

/**
 * A profile file as read: the API view, its codec kind and layout, its documented examples.
 *
 * @param source where it was read from (a file name), for messages
 * @param profile the profile
 * @param codecType {@code layout}, {@code cayenne-lpp}, {@code senml-json}, {@code senml-cbor} or {@code gpio}
 * @param layout the declarative layout when {@code codecType} is {@code layout}, else null
 * @param examples documented example payloads
 */
public record ProfileDocument(String source, DeviceProfile profile, String codecType, Layout layout,
        List<ProfileExample> examples) {

    /** Codec type of a device whose readings the GPIO source makes itself: no payload, no codec. */
    public static final String GPIO = "gpio";

    /** Copies the examples. */
    public ProfileDocument {
        examples = List.copyOf(examples);
    }
}
