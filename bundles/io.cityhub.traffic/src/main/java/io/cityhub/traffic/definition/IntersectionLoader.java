package io.cityhub.traffic.definition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Reads an intersection definition (YAML) and checks every load-time rule; see the bundle README for the format.
 * Durations are seconds with at most one decimal ({@code *_s}); the intergreen matrix is in tenths of a second.
 */
public final class IntersectionLoader {

    static final int MAX_GROUPS = 64;
    /** Far above what a definition needs (4 levels), far below what overflows the stack. */
    static final int MAX_NESTING = 32;

    /**
     * @param file the definition file
     * @return the validated definition
     * @throws IOException when the file cannot be read
     * @throws DefinitionException when the definition is malformed or breaks a safety rule
     */
    public IntersectionDefinition load(Path file) throws IOException, DefinitionException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * @param yaml the definition text
     * @param source where it came from, for messages
     * @return the validated definition
     * @throws DefinitionException when the definition is malformed or breaks a safety rule
     */
    public IntersectionDefinition parse(String yaml, String source) throws DefinitionException {
        Object root;
        try {
            LoadSettings settings = LoadSettings.builder().setSchema(new DefinitionSchema())
                    .setAllowDuplicateKeys(false).setLabel(source).build();
            checkNesting(yaml, settings, source);
            root = new Load(settings).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new DefinitionException(source, List.of("not valid YAML: " + describe(e)));
        }
        List<String> problems = new ArrayList<>();
        if (root == null) {
            throw new DefinitionException(source, List.of("the definition is empty"));
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new DefinitionException(source, List.of("expected a mapping at the top level"));
        }
        YamlNode top = new YamlNode("intersection", map, problems);
        String name = top.string("name");
        List<SignalGroup> groups = groups(top, problems);
        if (!problems.isEmpty()) {
            throw new DefinitionException(source, problems);
        }
        DefinitionRules rules = new DefinitionRules(groups, problems);
        boolean[][] conflicts = rules.conflicts(top.mapping("conflicts", "group names"));
        int[][] intergreens = rules.intergreens(top, conflicts);
        rules.checkClearances(top, conflicts, intergreens);
        List<Stage> stages = rules.stages(top.nodes("stages", true), conflicts);
        Set<String> inputs = new HashSet<>();
        List<Detector> detectors = detectors(top, rules, inputs, problems);
        List<PriorityInput> priority = priorityInputs(top, rules, inputs, problems);
        List<FixedTimePlan> plans = rules.plans(top.nodes("plans", false), stages, conflicts, intergreens);
        String heartbeat = top.optionalString("heartbeat_output");
        int flash = top.optionalTenths("startup_flash_s", 50);
        int allRed = top.optionalTenths("startup_all_red_s", 30);
        if (!problems.isEmpty()) {
            throw new DefinitionException(source, problems);
        }
        return new IntersectionDefinition(name, groups, conflicts, intergreens, stages, detectors, priority, plans,
                heartbeat, flash, allRed);
    }

    /**
     * SnakeYAML Engine builds its node tree recursively, so a few thousand nested brackets or indented list entries
     * overflow the stack; its parser does not recurse, so the nesting is measured on the parser's events first.
     */
    private static void checkNesting(String yaml, LoadSettings settings, String source) throws DefinitionException {
        ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, yaml));
        int depth = 0;
        while (parser.hasNext()) {
            Event event = parser.next();
            if (event instanceof CollectionStartEvent && ++depth > MAX_NESTING) {
                throw new DefinitionException(source, List.of("lists and mappings nested deeper than " + MAX_NESTING
                        + " levels"));
            } else if (event instanceof CollectionEndEvent) {
                depth--;
            }
        }
    }

    private static List<SignalGroup> groups(YamlNode top, List<String> problems) {
        List<YamlNode> nodes = top.nodes("groups", true);
        if (nodes.size() > MAX_GROUPS) {
            problems.add("intersection: " + nodes.size() + " groups; expected at most " + MAX_GROUPS);
        }
        List<SignalGroup> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> outputs = new HashSet<>();
        for (YamlNode n : nodes) {
            String name = n.string("name");
            if (name != null && !names.add(name)) {
                problems.add(n.where() + ": group name '" + name + "' is used twice");
            }
            String kindText = n.string("kind");
            GroupKind kind = kindText == null ? null : GroupKind.fromYaml(kindText);
            if (kindText != null && kind == null) {
                problems.add(n.where() + ": 'kind' has invalid value '" + kindText
                        + "'; expected vehicle, cyclist, pedestrian or public-transport");
            }
            if (kind == null) {
                continue;
            }
            groups.add(group(n, groups.size(), name, kind, outputs, problems));
        }
        return groups;
    }

    private static SignalGroup group(YamlNode n, int index, String name, GroupKind kind, Set<String> outputs,
            List<String> problems) {
        String red = output(n, "red", outputs, problems);
        String green = output(n, "green", outputs, problems);
        String amberOut = null;
        int amber = 0;
        int flashing = 0;
        java.math.BigDecimal length = null;
        int minGreen = n.tenths("min_green_s");
        if (kind.isPedestrian()) {
            if (n.has("amber") || n.has("amber_s")) {
                problems.add(n.where() + ": group" + YamlNode.quoted(name) + " is a pedestrian group and has no amber");
            }
            flashing = n.tenths("flashing_green_s");
            length = n.decimal("crossing_length_m", true);
            if (flashing > 0 && (flashing < 30 || flashing > 50)) {
                problems.add(n.where() + ": group" + YamlNode.quoted(name) + " flashing green " + flashing / 10.0
                        + " s; expected 0 (none) or 3.0 to 5.0 s (MB 11-10-1976 art. 4.1)");
            }
            if (length != null && minGreen >= 0 && flashing >= 0) {
                // (green + flashing) · 1.2 m/s ≥ length, in exact decimals (tenths · 1.2 / 10)
                java.math.BigDecimal walked = java.math.BigDecimal.valueOf(minGreen + flashing, 1)
                        .multiply(SignalGroup.PEDESTRIAN_SPEED);
                if (walked.compareTo(length) < 0) {
                    problems.add(n.where() + ": group" + YamlNode.quoted(name) + " green " + minGreen / 10.0
                            + " s + flashing green " + flashing / 10.0 + " s lets a pedestrian walk "
                            + walked.stripTrailingZeros().toPlainString()
                            + " m at 1.2 m/s; expected at least the crossing length "
                            + length.toPlainString() + " m");
                }
            }
        } else {
            amberOut = output(n, "amber", outputs, problems);
            amber = n.tenths("amber_s");
            if (amber >= 0 && amber < SignalGroup.MIN_AMBER) {
                problems.add(n.where() + ": group" + YamlNode.quoted(name) + " amber " + amber / 10.0
                        + " s; expected at least 3.0 s");
            }
        }
        int maxGreen = n.optionalTenths("max_green_s", minGreen);
        int minRed = n.tenths("min_red_s");
        int passage = n.optionalTenths("passage_s", 30);
        if (minGreen == 0) {
            problems.add(n.where() + ": group" + YamlNode.quoted(name) + " minimum green 0.0 s; expected more than 0");
        }
        if (maxGreen >= 0 && minGreen >= 0 && maxGreen < minGreen) {
            problems.add(n.where() + ": group" + YamlNode.quoted(name) + " maximum green " + maxGreen / 10.0
                    + " s is below its minimum green " + minGreen / 10.0 + " s");
        }
        Recall recall = Recall.NONE;
        String recallText = n.optionalString("recall");
        if (recallText != null) {
            try {
                recall = Recall.valueOf(recallText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(
                        n.where() + ": 'recall' has invalid value '" + recallText + "'; expected none, min or max");
            }
        }
        return new SignalGroup(index, name, kind, red, amberOut, green, amber, minGreen, maxGreen, minRed, flashing,
                length, passage, recall);
    }

    private static String output(YamlNode n, String key, Set<String> outputs, List<String> problems) {
        String id = n.string(key);
        if (id != null && !outputs.add(id)) {
            problems.add(n.where() + ": output '" + id + "' is wired to two lamps");
        }
        return id;
    }

    private static List<Detector> detectors(YamlNode top, DefinitionRules rules, Set<String> inputs,
            List<String> problems) {
        List<Detector> out = new ArrayList<>();
        for (YamlNode n : top.nodes("detectors", false)) {
            String name = n.string("name");
            String input = input(n, inputs, problems);
            String type = n.string("type");
            boolean button = "button".equals(type);
            if (type != null && !button && !"loop".equals(type)) {
                problems.add(n.where() + ": 'type' has invalid value '" + type + "'; expected loop or button");
            }
            List<Integer> calls = rules.groupIndices(n.where(), n.strings("calls", false));
            List<Integer> ext = rules.groupIndices(n.where(), n.strings("extends", false));
            if (calls.isEmpty() && ext.isEmpty()) {
                problems.add(n.where() + ": detector" + YamlNode.quoted(name) + " calls and extends no group");
            }
            String ack = n.optionalString("ack_output");
            if (ack != null && !button) {
                problems.add(
                        n.where() + ": detector" + YamlNode.quoted(name) + " has an ack_output but is not a button");
            }
            out.add(new Detector(name, input, button, calls, ext, ack, n.optionalTenths("max_presence_s", 0),
                    n.optionalTenths("no_activity_s", 0)));
        }
        return out;
    }

    private static List<PriorityInput> priorityInputs(YamlNode top, DefinitionRules rules, Set<String> inputs,
            List<String> problems) {
        List<PriorityInput> out = new ArrayList<>();
        for (YamlNode n : top.nodes("priority", false)) {
            String name = n.string("name");
            String input = input(n, inputs, problems);
            String type = n.string("type");
            if (type != null && !"emergency".equals(type) && !"public-transport".equals(type)) {
                problems.add(n.where() + ": 'type' has invalid value '" + type
                        + "'; expected public-transport or emergency");
            }
            String group = n.string("group");
            List<Integer> idx = group == null ? List.of() : rules.groupIndices(n.where(), List.of(group));
            out.add(new PriorityInput(name, input, "emergency".equals(type), idx.isEmpty() ? -1 : idx.get(0),
                    n.optionalTenths("max_extension_s", 0)));
        }
        return out;
    }

    private static String input(YamlNode n, Set<String> inputs, List<String> problems) {
        String input = n.string("input");
        if (input != null && !inputs.add(input)) {
            problems.add(n.where() + ": input '" + input + "' is used twice");
        }
        return input;
    }

    /**
     * One line naming the place (SnakeYAML's own message spans several lines, with a snippet of the file and a caret,
     * and a log reader sees only the first): {@code line 5, column 7: expected ',' or ']', but got ':' (while parsing
     * a flow sequence at line 4, column 9)}. Lines and columns count from 1, as editors do.
     */
    static String describe(YamlEngineException e) {
        if (e instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
            Mark problem = marked.getProblemMark().get();
            String context = marked.getContext() == null ? "" : " (" + marked.getContext()
                    + marked.getContextMark().map(m -> " at " + place(m)).orElse("") + ")";
            return place(problem) + ": " + String.valueOf(marked.getProblem()).strip() + context;
        }
        return String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
    }

    private static String place(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }
}
