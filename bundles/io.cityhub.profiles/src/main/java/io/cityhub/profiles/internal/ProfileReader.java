package io.cityhub.profiles.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.cityhub.api.filter.FilterSpec;
import io.cityhub.api.profile.ChannelSpec;
import io.cityhub.api.profile.DeviceProfile;
import io.cityhub.profiles.internal.layout.Layout;
import io.cityhub.profiles.internal.layout.LayoutParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads one profile file: YAML (Jackson), validated against {@code device-profile.schema.json} (networknt, JSON
 * Schema draft-07), then the checks the schema cannot express (file name = id, unique channels, ranges, the layout).
 * Thread-safe after construction.
 */
public final class ProfileReader {

    /** Class-path location of the schema inside the bundle (a copy of device-profiles/device-profile.schema.json). */
    public static final String SCHEMA_RESOURCE = "/device-profiles/device-profile.schema.json";

    /** Largest profile file accepted: profiles are small, a huge file is a mistake. */
    static final int MAX_BYTES = 256 * 1024;

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final JsonSchema schema;

    /** Loads the schema from the class path. */
    public ProfileReader() {
        try (InputStream in = ProfileReader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("schema " + SCHEMA_RESOURCE + " is missing from the class path");
            }
            JsonNode node = new ObjectMapper().readTree(in);
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param source the file name, {@code <id>.yaml}
     * @param bytes its content
     * @return the profile
     * @throws ProfileException naming the file and what is wrong
     */
    public ProfileDocument read(String source, byte[] bytes) throws ProfileException {
        if (bytes.length > MAX_BYTES) {
            throw new ProfileException(source, "file of " + bytes.length + " bytes is larger than " + MAX_BYTES);
        }
        JsonNode node;
        try {
            node = yaml.readTree(bytes);
        } catch (JacksonException e) {
            throw new ProfileException(source, "not valid YAML: " + e.getOriginalMessage().replaceAll("\\s+", " ")
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new ProfileException(source, "cannot be read: " + e.getMessage());
        }
        if (node == null || node.isMissingNode() || !node.isObject()) {
            throw new ProfileException(source, "not a YAML mapping");
        }
        Set<ValidationMessage> errors = schema.validate(node);
        if (!errors.isEmpty()) {
            throw new ProfileException(source, "does not match the schema: " + errors.stream()
                    .map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
        }
        try {
            return document(source, node);
        } catch (IllegalArgumentException e) {
            throw new ProfileException(source, e.getMessage());
        }
    }

    private static ProfileDocument document(String source, JsonNode node) {
        String id = node.get("id").asText();
        String base = source.replaceFirst("^.*[/\\\\]", "").replaceFirst("\\.ya?ml$", "");
        if (!base.equals(id)) {
            throw new IllegalArgumentException("id '" + id + "' does not match the file name (expected " + id
                    + ".yaml)");
        }
        List<ChannelSpec> channels = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode channel : node.get("channels")) {
            String name = channel.get("name").asText();
            if (!names.add(name)) {
                throw new IllegalArgumentException("channel '" + name + "' is declared twice");
            }
            channels.add(new ChannelSpec(name, channel.get("unit").asText(),
                    channel.path("min").asDouble(Double.NEGATIVE_INFINITY),
                    channel.path("max").asDouble(Double.POSITIVE_INFINITY)));
        }
        JsonNode codec = node.get("codec");
        String codecType = codec.get("type").asText();
        Layout layout = "layout".equals(codecType) ? LayoutParser.parse(codec, names) : null;
        String codecId = switch (codecType) {
            case "layout" -> id;
            case "senml-json" -> SenmlJsonCodec.ID;
            case "senml-cbor" -> SenmlCborCodec.ID;
            default -> codecType;
        };
        String transport = node.get("transport").asText();
        DeviceProfile profile = new DeviceProfile(id, node.get("vendor").asText(), node.get("model").asText(),
                "lorawan".equals(transport) ? "lora" : transport, codecId, channels);
        return new ProfileDocument(source, profile, codecType, layout, examples(node.path("examples")),
                filters(node.path("filters"), names));
    }

    /** The schema checked the shape; here: only declared channels (unless the payload names them), text values. */
    private static Map<String, List<FilterSpec>> filters(JsonNode filters, Set<String> channels) {
        Map<String, List<FilterSpec>> byChannel = new LinkedHashMap<>();
        filters.fields().forEachRemaining(entry -> {
            if (!channels.isEmpty() && !channels.contains(entry.getKey())) {
                throw new IllegalArgumentException("filters name channel '" + entry.getKey()
                        + "', which the profile does not declare");
            }
            List<FilterSpec> specs = new ArrayList<>();
            for (JsonNode filter : entry.getValue()) {
                Map<String, String> parameters = new LinkedHashMap<>();
                filter.fields().forEachRemaining(p -> {
                    if (!p.getKey().equals("type")) {
                        parameters.put(p.getKey(), p.getValue().asText());
                    }
                });
                specs.add(new FilterSpec(filter.get("type").asText(), parameters));
            }
            byChannel.put(entry.getKey(), List.copyOf(specs));
        });
        return byChannel;
    }

    private static List<ProfileExample> examples(JsonNode list) {
        List<ProfileExample> examples = new ArrayList<>();
        for (JsonNode example : list) {
            Map<String, Object> readings = new LinkedHashMap<>();
            example.path("readings").fields().forEachRemaining(e -> readings.put(e.getKey(),
                    e.getValue().isNumber() ? (Object) e.getValue().doubleValue()
                            : e.getValue().isBoolean() ? (Object) e.getValue().booleanValue()
                            : e.getValue().asText()));
            examples.add(new ProfileExample(example.get("description").asText(),
                    example.has("fport") ? example.get("fport").intValue() : null,
                    HexFormat.of().parseHex(example.get("hex").asText()), readings,
                    example.has("error") ? example.get("error").asText() : null));
        }
        return examples;
    }
}
