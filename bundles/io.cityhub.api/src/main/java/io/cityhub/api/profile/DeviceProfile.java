package io.cityhub.api.profile;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What cityhub knows about one device model: how it talks, how to decode it, what it measures.
 *
 * @param id profile id, e.g. {@code dragino-lht65}; never null
 * @param manufacturer never null
 * @param model never null
 * @param transport {@code lora}, {@code coap} or {@code gpio}; never null
 * @param codecId the {@link PayloadCodec} that decodes its payloads; never null
 * @param channels what it measures; never null
 */
public record DeviceProfile(String id, String manufacturer, String model, String transport, String codecId,
        List<ChannelSpec> channels) {

    /** Copies {@code channels}. */
    public DeviceProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(manufacturer, "manufacturer");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(codecId, "codecId");
        channels = List.copyOf(channels);
    }

    /**
     * @param name a channel name, not null
     * @return its specification, or empty if the model does not measure it
     */
    public Optional<ChannelSpec> channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
