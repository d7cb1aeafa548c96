package io.cityhub.profiles.internal.layout;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link Layout} from a profile's {@code codec} node (already valid against the JSON Schema) and checks
 * what the schema cannot: channels exist, sizes fit the type, conditions and bitmasks name fields read before.
 * Errors are {@link IllegalArgumentException}s naming the path in the profile, e.g. {@code codec.steps[3].size}.
 */
public final class LayoutParser {

    private final Set<String> channels;
    private final Set<String> fieldsSoFar = new HashSet<>();

    private LayoutParser(Set<String> channels) {
        this.channels = channels;
    }

    /**
     * @param codec the {@code codec} node of a profile with {@code type: layout}
     * @param channels the profile's channel names
     * @return the layout
     * @throws IllegalArgumentException naming the path and the reason
     */
    public static Layout parse(JsonNode codec, Set<String> channels) {
        LayoutParser parser = new LayoutParser(channels);
        Set<Integer> fports = new LinkedHashSet<>();
        codec.path("fports").forEach(n -> fports.add(n.intValue()));
        int min = codec.path("minLength").asInt(0);
        int max = codec.path("maxLength").asInt(Integer.MAX_VALUE);
        if (codec.has("length")) {
            min = codec.get("length").intValue();
            max = min;
        }
        if (min > max) {
            throw new IllegalArgumentException("codec: minLength " + min + " above maxLength " + max);
        }
        return new Layout(fports, min, max, parser.steps(codec.path("steps"), "codec.steps"));
    }

    private List<Step> steps(JsonNode node, String path) {
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            steps.add(step(node.get(i), path + "[" + i + "]"));
        }
        return steps;
    }

    private Step step(JsonNode node, String path) {
        if (node.has("group")) {
            return new Group(condition(node.path("when"), path + ".when"), steps(node.get("group"), path + ".group"));
        }
        if (node.has("tlv")) {
            JsonNode tlv = node.get("tlv");
            Map<Long, List<Step>> entries = new HashMap<>();
            JsonNode list = tlv.path("entries");
            for (int i = 0; i < list.size(); i++) {
                String at = path + ".tlv.entries[" + i + "]";
                long tag = list.get(i).path("tag").longValue();
                if (entries.put(tag, steps(list.get(i).path("steps"), at + ".steps")) != null) {
                    throw new IllegalArgumentException(at + ".tag: duplicate tag " + tag);
                }
            }
            return new TlvList(tlv.path("tagSize").asInt(1), entries);
        }
        if (node.has("bitmask")) {
            JsonNode bitmask = node.get("bitmask");
            String flags = bitmask.path("field").asText();
            if (!fieldsSoFar.contains(flags)) {
                throw new IllegalArgumentException(path + ".bitmask.field: no field '" + flags + "' is read before");
            }
            List<List<Step>> blocks = new ArrayList<>();
            JsonNode list = bitmask.path("blocks");
            for (int i = 0; i < list.size(); i++) {
                blocks.add(steps(list.get(i), path + ".bitmask.blocks[" + i + "]"));
            }
            return new BitmaskBlocks(flags, blocks);
        }
        if (node.has("repeat")) {
            return repeat(node.get("repeat"), path + ".repeat");
        }
        return field(node, path);
    }

    /** Parses the steps once per possible record, with {@code {n}} replaced by the record's number. */
    private Repeat repeat(JsonNode repeat, String path) {
        String count = repeat.path("count").asText();
        if (!fieldsSoFar.contains(count)) {
            throw new IllegalArgumentException(path + ".count: no field '" + count + "' is read before");
        }
        int max = repeat.path("max").asInt();
        String template = repeat.path("steps").toString();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<List<Step>> iterations = new ArrayList<>();
        Set<String> emitted = new HashSet<>();
        for (int n = 1; n <= max; n++) {
            JsonNode steps;
            try {
                steps = json.readTree(template.replace("{n}", Integer.toString(n)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException(path + ".steps: " + e.getOriginalMessage(), e);
            }
            List<Step> iteration = steps(steps, path + ".steps (record " + n + ")");
            Set<String> channelsOfIteration = new HashSet<>();
            collectChannels(iteration, channelsOfIteration);
            for (String channel : channelsOfIteration) {
                if (!emitted.add(channel)) {
                    // two records on one channel would give two readings with one id
                    throw new IllegalArgumentException(path + ".steps: channel '" + channel + "' is emitted by more"
                            + " than one record; put {n} in its name");
                }
            }
            iterations.add(iteration);
        }
        return new Repeat(count, iterations);
    }

    private static void collectChannels(List<Step> steps, Set<String> into) {
        for (Step step : steps) {
            if (step instanceof Field f && f.channel() != null) {
                into.add(f.channel());
            } else if (step instanceof Group g) {
                collectChannels(g.steps(), into);
            } else if (step instanceof TlvList t) {
                t.entries().values().forEach(e -> collectChannels(e, into));
            } else if (step instanceof BitmaskBlocks b) {
                b.blocks().forEach(block -> collectChannels(block, into));
            } else if (step instanceof Repeat r) {
                r.iterations().forEach(i -> collectChannels(i, into));
            }
        }
    }

    private Field field(JsonNode node, String path) {
        String channel = node.hasNonNull("channel") ? node.get("channel").asText() : null;
        String name = node.hasNonNull("name") ? node.get("name").asText() : channel;
        if (name == null) {
            throw new IllegalArgumentException(path + ": a field needs a 'channel' or a 'name'");
        }
        if (channel != null && !channels.contains(channel)) {
            throw new IllegalArgumentException(path + ".channel: '" + channel + "' is not a channel of the profile");
        }
        FieldType type = FieldType.valueOf(node.path("type").asText("uint").toUpperCase(java.util.Locale.ROOT));
        int size = node.path("size").asInt(1);
        if (type == FieldType.FLOAT ? size != 4 && size != 8 : size < 1 || size > 8) {
            throw new IllegalArgumentException(path + ".size: " + size + " bytes is not possible for " + type);
        }
        int bitOffset = -1;
        int bitWidth = 0;
        if (node.has("bits")) {
            bitOffset = node.get("bits").path("from").intValue();
            bitWidth = node.get("bits").path("width").intValue();
            if (type == FieldType.FLOAT || bitOffset + bitWidth > size * 8) {
                throw new IllegalArgumentException(path + ".bits: bits " + bitOffset + ".." + (bitOffset + bitWidth
                        - 1) + " do not fit a " + size + "-byte " + type);
            }
        }
        double divide = node.path("divide").asDouble(1);
        if (divide == 0) {
            throw new IllegalArgumentException(path + ".divide: must not be 0");
        }
        Set<Long> expect = new HashSet<>();
        node.path("expect").forEach(n -> expect.add(n.longValue()));
        Map<Long, String> labels = new HashMap<>();
        if (node.has("labels")) {
            if (type == FieldType.FLOAT || type == FieldType.BOOL) {
                throw new IllegalArgumentException(path + ".labels: only uint and int fields have labels");
            }
            node.get("labels").fields().forEachRemaining(e -> labels.put(Long.parseLong(e.getKey()),
                    e.getValue().asText()));
        }
        Field field = new Field(name, channel, node.path("at").asInt(-1), type, size,
                "little".equals(node.path("endian").asText("big")), bitOffset, bitWidth,
                node.has("mask") ? node.get("mask").longValue() : -1, expect, node.path("offset").asDouble(0),
                node.path("multiply").asDouble(1), divide, node.path("add").asDouble(0),
                condition(node.path("when"), path + ".when"), node.path("peek").asBoolean(false),
                node.path("optional").asBoolean(false), labels);
        fieldsSoFar.add(name);
        return field;
    }

    private Condition condition(JsonNode node, String path) {
        if (node.isMissingNode() || node.isNull()) {
            return Condition.ALWAYS;
        }
        Set<Integer> fports = new HashSet<>();
        node.path("fport").forEach(n -> fports.add(n.intValue()));
        String field = node.hasNonNull("field") ? node.get("field").asText() : null;
        if (field != null && !fieldsSoFar.contains(field)) {
            throw new IllegalArgumentException(path + ".field: no field '" + field + "' is read before");
        }
        Set<Long> in = new HashSet<>();
        node.path("in").forEach(n -> in.add(n.longValue()));
        Set<Long> notIn = new HashSet<>();
        node.path("notIn").forEach(n -> notIn.add(n.longValue()));
        long min = node.has("min") ? node.get("min").longValue() : Long.MIN_VALUE;
        long max = node.has("max") ? node.get("max").longValue() : Long.MAX_VALUE;
        if (min > max) {
            throw new IllegalArgumentException(path + ": min " + min + " above max " + max);
        }
        return new Condition(fports, field, in, notIn, min, max);
    }
}
