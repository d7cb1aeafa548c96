package io.cityhub.traffic.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * Malformed definitions are refused with {@link DefinitionException} naming the problem and where it is, never with
 * another exception. The files in {@code malformed/} are inputs a fuzzing run of the loader found escaping as
 * {@link NullPointerException}; the table below breaks every key of {@code four-arm-crossing.yaml} (which has every
 * part of the format) in every way YAML allows: missing, empty, a list, a mapping or text where it does not belong.
 */
class MalformedDefinitionTest {

    private static final String SOURCE = "test.yaml";

    private final IntersectionLoader loader = new IntersectionLoader();

    @ParameterizedTest
    @ValueSource(strings = {"empty-file.yaml", "comment-only.yaml", "document-markers.yaml"})
    void rejectsEmptyDefinition(String file) {
        DefinitionException e = refusal(resource(file));

        assertThat(e.problems()).containsExactly("the definition is empty");
        assertThat(e).hasMessage(SOURCE + ": invalid intersection definition: the definition is empty");
    }

    @Test
    void rejectsStageWithoutNameInIntersectionWithPlan() {
        DefinitionException e = refusal(resource("stage-without-name-with-plan.yaml"));

        // the fourth stage has 'title' instead of 'name'; the plan's split for it is then for an unknown stage
        assertThat(e.problems()).containsExactly(
                "intersection > stages[#4]: 'name' is missing; expected a non-empty text",
                "intersection > plans[day]: plan 'day' has a split for unknown stage '3+7'");
    }

    @Test
    void rejectsNullSpellingsAsMissingValuesButKeepsQuotedNullAsText() {
        String fourArm = Intersections.text("four-arm-crossing.yaml");
        assertThat(fourArm).contains("red: n.red,");

        assertThat(refusal(fourArm.replace("red: n.red,", "red: ~,")).problems())
                .contains("intersection > groups[north]: 'red' is empty; expected a non-empty text");
        assertThat(refusal(fourArm.replace("red: n.red,", "red: null,")).problems())
                .contains("intersection > groups[north]: 'red' is empty; expected a non-empty text");
        assertThat(refusal(fourArm.replace("red: n.red,", "red: ,")).problems())
                .contains("intersection > groups[north]: 'red' is empty; expected a non-empty text");
        assertThat(catchThrowable(() -> loader.parse(fourArm.replace("red: n.red,", "red: 'null',"), SOURCE)))
                .isNull();
    }

    @Test
    void rejectsDeepNestingInsteadOfOverflowingTheStack() {
        // SnakeYAML Engine composes nodes recursively: 2,000 levels overflow a default thread stack
        String flow = "name: " + "[".repeat(5_000) + "]".repeat(5_000) + "\n";
        StringBuilder block = new StringBuilder("name:\n");
        for (int i = 1; i <= 5_000; i++) {
            block.append(" ".repeat(i)).append("-\n");
        }

        assertThat(refusal(flow).problems()).containsExactly("lists and mappings nested deeper than 32 levels");
        assertThat(refusal(block.toString()).problems())
                .containsExactly("lists and mappings nested deeper than 32 levels");
    }

    @Test
    void describesCyclicAndLargeValuesWithoutPrintingThem() {
        // an alias inside its own anchor makes a cyclic list; printing it whole would never end
        String cyclic = "name: &a [[*a]]\ngroups: x\n";
        String long_ = "name: n\ngroups: " + "x".repeat(100_000) + "\n";

        assertThat(refusal(cyclic).problems()).contains("intersection: 'name' is a list; expected a non-empty text");
        assertThat(refusal(long_).problems()).containsExactly("intersection: 'groups' has invalid value '"
                + "x".repeat(40) + "…'; expected a non-empty list of mappings");
    }

    @Test
    void rejectsClearanceGeometryBeyondTheIntergreenArithmetic() {
        String fourArm = Intersections.text("four-arm-crossing.yaml");
        assertThat(fourArm).contains("clearing_speed_mps: 7,");

        assertThat(refusal(fourArm.replace("clearing_speed_mps: 7,", "clearing_speed_mps: 1e-999999999,")).problems())
                .containsExactly("intersection > clearance tram -> east: 'clearing_speed_mps' has invalid value"
                        + " '1e-999999999'; expected a number > 0 and at most 100000, with at most 6 decimals");
        // allowed, and 2 + (300 + 15)/0.000001 − 10/11.1 gives 315,000,002 s: in tenths that is beyond an int, which
        // wrapped to a negative bound that every intergreen met; the bound saturates instead
        String slow = fourArm.replace("clearing_speed_mps: 7,", "clearing_speed_mps: 0.000001,")
                .replace("clearing_distance_m: 20,", "clearing_distance_m: 300,");
        assertThat(refusal(slow).problems()).singleElement().asString()
                .startsWith("intergreen tram -> east: 70 tenths is below the 2147483640 tenths");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenKeys")
    void rejectsMissingOrWrongTypedKeyNamingItAndWhereItIs(Broken broken) {
        Map<String, Object> definition = fourArmCrossing();
        broken.wrong().applyTo(at(definition, broken.path()), broken.key());

        DefinitionException e = refusal(new Dump(DumpSettings.builder().build()).dumpToString(definition));

        assertThat(e.problems()).as("problems").anySatisfy(p -> assertThat(p).startsWith(broken.expected()));
        assertThat(e.problems()).as("problems").noneMatch(p -> p.contains("'null'"));
    }

    /** One way to break a key. */
    enum Wrong {
        MISSING("is missing"),
        EMPTY("is empty"),
        LIST("is a list"),
        MAPPING("is a mapping"),
        TEXT("has invalid value 'x'");

        static final Set<Wrong> TEXT_KEY = EnumSet.of(MISSING, EMPTY, LIST, MAPPING);
        static final Set<Wrong> OPTIONAL_TEXT_KEY = EnumSet.of(EMPTY, LIST, MAPPING);
        static final Set<Wrong> NUMBER_KEY = EnumSet.of(MISSING, EMPTY, LIST, MAPPING, TEXT);
        static final Set<Wrong> OPTIONAL_NUMBER_KEY = EnumSet.of(EMPTY, LIST, MAPPING, TEXT);
        /** Lists of mappings ({@code groups}) and of names ({@code stages[].groups}). */
        static final Set<Wrong> LIST_KEY = EnumSet.of(MISSING, EMPTY, MAPPING, TEXT);
        /** An empty optional list is read as none. */
        static final Set<Wrong> OPTIONAL_LIST_KEY = EnumSet.of(MAPPING, TEXT);
        static final Set<Wrong> MAPPING_KEY = EnumSet.of(MISSING, EMPTY, LIST, TEXT);
        /** An empty optional mapping is read as none. */
        static final Set<Wrong> OPTIONAL_MAPPING_KEY = EnumSet.of(LIST, TEXT);

        private final String phrase;

        Wrong(String phrase) {
            this.phrase = phrase;
        }

        /** Breaks {@code key} of a mapping, or the entry at index {@code key} of a list. */
        @SuppressWarnings("unchecked")
        void applyTo(Object container, String key) {
            Object value = switch (this) {
                case MISSING -> null;
                case EMPTY -> null;
                case LIST -> List.of("x");
                case MAPPING -> Map.of("x", "y");
                case TEXT -> "x";
            };
            if (container instanceof List<?> l) {
                List<Object> list = (List<Object>) l;
                int index = Integer.parseInt(key);
                if (this == MISSING) {
                    list.remove(index);
                } else {
                    list.set(index, value);
                }
                return;
            }
            Map<String, Object> map = (Map<String, Object>) container;
            assertThat(map).containsKey(key);
            if (this == MISSING) {
                map.remove(key);
            } else {
                map.put(key, value);
            }
        }
    }

    /**
     * @param path where the mapping holding the key is, e.g. {@code groups/0}; empty for the top level
     * @param key the key broken
     * @param wrong how
     * @param expected the start of the problem expected
     */
    record Broken(String path, String key, Wrong wrong, String expected) {
        @Override
        public String toString() {
            return (path.isEmpty() ? "" : path + "/") + key + " " + wrong.phrase;
        }
    }

    static Stream<Broken> brokenKeys() {
        List<Broken> rows = new ArrayList<>();
        String top = "intersection";
        String north = "intersection > groups[north]";
        String loopNorth = "intersection > detectors[loop-north]";
        String tram = "intersection > priority[tram-check-in]";
        String day = "intersection > plans[day]";
        String tramEast = "intersection > clearance tram -> east";
        add(rows, "", top, Wrong.TEXT_KEY, "name");
        add(rows, "", top, Wrong.LIST_KEY, "groups", "stages");
        add(rows, "", top, Wrong.OPTIONAL_LIST_KEY, "detectors", "priority", "plans");
        add(rows, "", top, Wrong.OPTIONAL_MAPPING_KEY, "conflicts", "intergreen", "clearance");
        add(rows, "", top, Wrong.OPTIONAL_TEXT_KEY, "heartbeat_output");
        add(rows, "", top, Wrong.OPTIONAL_NUMBER_KEY, "startup_flash_s", "startup_all_red_s");
        add(rows, "groups/0", "intersection > groups[#1]", Wrong.TEXT_KEY, "name");
        add(rows, "groups/0", north, Wrong.TEXT_KEY, "kind", "red", "amber", "green");
        add(rows, "groups/0", north, Wrong.NUMBER_KEY, "amber_s", "min_green_s", "min_red_s");
        add(rows, "groups/0", north, Wrong.OPTIONAL_NUMBER_KEY, "max_green_s", "passage_s");
        add(rows, "groups/0", north, Wrong.OPTIONAL_TEXT_KEY, "recall");
        add(rows, "groups/5", "intersection > groups[ped-east-west-arms]", Wrong.NUMBER_KEY, "flashing_green_s",
                "crossing_length_m");
        add(rows, "clearance/tram/east", tramEast, Wrong.NUMBER_KEY, "crossing_time_s", "clearing_distance_m",
                "vehicle_length_m", "clearing_speed_mps", "entering_distance_m", "entering_speed_mps");
        add(rows, "stages/0", "intersection > stages[#1]", Wrong.TEXT_KEY, "name");
        add(rows, "stages/0", "intersection > stages[north-south]", Wrong.LIST_KEY, "groups");
        add(rows, "detectors/0", "intersection > detectors[#1]", Wrong.TEXT_KEY, "name");
        add(rows, "detectors/0", loopNorth, Wrong.TEXT_KEY, "input", "type");
        add(rows, "detectors/0", loopNorth, Wrong.OPTIONAL_LIST_KEY, "calls", "extends");
        add(rows, "detectors/0", loopNorth, Wrong.OPTIONAL_NUMBER_KEY, "max_presence_s");
        add(rows, "detectors/4", "intersection > detectors[button-ew-arms]", Wrong.OPTIONAL_TEXT_KEY, "ack_output");
        add(rows, "priority/0", "intersection > priority[#1]", Wrong.TEXT_KEY, "name");
        add(rows, "priority/0", tram, Wrong.TEXT_KEY, "input", "type", "group");
        add(rows, "priority/0", tram, Wrong.OPTIONAL_NUMBER_KEY, "max_extension_s");
        add(rows, "plans/0", "intersection > plans[#1]", Wrong.TEXT_KEY, "name");
        add(rows, "plans/0", day, Wrong.NUMBER_KEY, "cycle_s");
        add(rows, "plans/0", day, Wrong.OPTIONAL_NUMBER_KEY, "offset_s");
        add(rows, "plans/0", day, Wrong.MAPPING_KEY, "splits_s");

        // values that are not under a key of their own: list entries, matrix rows and cells, splits
        String ig = "intersection > intergreen > north: 'intergreen north -> east (tenths of a second)' ";
        String splits = day + ": 'splits_s.north-south' ";
        Stream.of(
                        new Broken(
                                "groups",
                                "1",
                                Wrong.EMPTY,
                                "intersection > groups[#2]: expected a mapping, found no value"),
                        new Broken(
                                "groups",
                                "1",
                                Wrong.LIST,
                                "intersection > groups[#2]: expected a mapping, found a list"),
                        new Broken(
                                "stages",
                                "1",
                                Wrong.TEXT,
                                "intersection > stages[#2]: expected a mapping, found the text 'x'"),
                        new Broken(
                                "plans", "0", Wrong.LIST, "intersection > plans[#1]: expected a mapping, found a list"),
                        new Broken(
                                "stages/0/groups",
                                "0",
                                Wrong.MAPPING,
                                "intersection > stages[north-south]: 'groups' holds a mapping"),
                        new Broken("detectors/0/calls", "0", Wrong.EMPTY, loopNorth + ": 'calls' holds no value"),
                        new Broken(
                                "conflicts",
                                "north",
                                Wrong.EMPTY,
                                "conflicts > north: expected a list of group names, found no value"),
                        new Broken(
                                "conflicts",
                                "north",
                                Wrong.MAPPING,
                                "conflicts > north: expected a list of group names, found a mapping"),
                        new Broken(
                                "conflicts/north",
                                "0",
                                Wrong.LIST,
                                "conflicts > north: expected group names, found a list"),
                        new Broken(
                                "intergreen",
                                "north",
                                Wrong.EMPTY,
                                "intersection > intergreen > north: expected a mapping, found no value"),
                        new Broken(
                                "intergreen",
                                "north",
                                Wrong.TEXT,
                                "intersection > intergreen > north: expected a mapping, found the text 'x'"),
                        new Broken(
                                "intergreen/north", "east", Wrong.EMPTY, ig + "is empty; expected a whole number >= 0"),
                        new Broken(
                                "intergreen/north", "east", Wrong.LIST, ig + "is a list; expected a whole number >= 0"),
                        new Broken(
                                "clearance",
                                "tram",
                                Wrong.LIST,
                                "clearance > tram: expected a mapping from group names, found a list"),
                        new Broken(
                                "clearance/tram",
                                "east",
                                Wrong.TEXT,
                                "intersection > clearance tram -> east: expected a mapping, found the text 'x'"),
                        new Broken(
                                "plans/0/splits_s", "north-south", Wrong.EMPTY, splits + "is empty; expected seconds"),
                        new Broken(
                                "plans/0/splits_s",
                                "north-south",
                                Wrong.MAPPING,
                                splits + "is a mapping; expected seconds"),
                        new Broken(
                                "plans/0/splits_s",
                                "north-south",
                                Wrong.MISSING,
                                day + ": plan 'day' has no split for stage 'north-south'"))
                .forEach(rows::add);
        return rows.stream();
    }

    private static void add(List<Broken> rows, String path, String where, Set<Wrong> ways, String... keys) {
        for (String key : keys) {
            for (Wrong wrong : ways) {
                rows.add(new Broken(path, key, wrong, where + ": '" + key + "' " + wrong.phrase));
            }
        }
    }

    /** @return four-arm-crossing.yaml as mutable lists, mappings and strings */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fourArmCrossing() {
        LoadSettings settings = LoadSettings.builder().setSchema(new FailsafeSchema()).build();
        return (Map<String, Object>) new Load(settings).loadFromString(Intersections.text("four-arm-crossing.yaml"));
    }

    /** @return the mapping or list at {@code path}, steps separated by {@code /}, list entries by index */
    private static Object at(Map<String, Object> root, String path) {
        Object node = root;
        for (String step : path.isEmpty() ? new String[0] : path.split("/")) {
            node = node instanceof List<?> list ? list.get(Integer.parseInt(step)) : ((Map<?, ?>) node).get(step);
            assertThat(node).as(path).isNotNull();
        }
        return node;
    }

    /** @return the refusal of {@code yaml}; fails the test when it loads or fails with another exception */
    static DefinitionException refusal(IntersectionLoader loader, String yaml) {
        Throwable thrown = catchThrowable(() -> loader.parse(yaml, SOURCE));
        assertThat(thrown).as("refusal of the definition").isInstanceOf(DefinitionException.class);
        return (DefinitionException) thrown;
    }

    private DefinitionException refusal(String yaml) {
        return refusal(loader, yaml);
    }

    private static String resource(String file) {
        try (InputStream in = MalformedDefinitionTest.class.getResourceAsStream("malformed/" + file)) {
            assertThat(in).as("test resource malformed/" + file).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
