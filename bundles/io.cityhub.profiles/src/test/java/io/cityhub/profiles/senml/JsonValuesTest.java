package io.cityhub.profiles.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "{\"op\":}", "{\"op\" \"x\"}", "{op:1}", "[1,]", "01", "1.", "-", "\"abc",
        "{\"a\":1}x", "{\"a\":1} {}", "tru", "\"\\q\"", "\"\u0001\"", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]",
        "{\"a\":1,}", "NaN", "'a'", "[1] // c"})
    void rejectsMalformedTextSayingWhere(String text) {
        assertThatThrownBy(() -> JsonValues.read(text)).isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("offset");
    }

    @Test
    void refusesNestingDeeperThanTheBound() throws Exception {
        String deepest = "[".repeat(JsonValues.MAX_DEPTH) + "]".repeat(JsonValues.MAX_DEPTH);

        assertThat(JsonValues.read(deepest)).isInstanceOf(List.class);
        assertThatThrownBy(() -> JsonValues.read("[" + deepest + "]")).isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("depth");
    }

    @Test
    void readsRequestShapes() throws Exception {
        Object parsed = JsonValues.read(" {\"op\":\"replay\",\"from\":\"2026-11-27T00:00:00Z\",\"pageSize\":50,"
                + "\"x\":[true,false,null,-1.5e2,\"a\\u00e9\\n\"],\"op\":\"status\"} ");

        // a repeated member name: the last wins
        assertThat(parsed).isEqualTo(Map.of("op", "status", "from", "2026-11-27T00:00:00Z", "pageSize", 50L,
                "x", Arrays.asList(true, false, null, -150.0, "a\u00e9\n")));
        assertThat(JsonValues.read("[]")).isEqualTo(List.of());
        assertThat(JsonValues.read("123456789012345678901234")).isEqualTo(1.2345678901234568E23);
    }

    @Test
    void writesTreesWithNullForNonFiniteNumbers() {
        Map<Object, Object> tree = new LinkedHashMap<>();
        tree.put("a", 1);
        tree.put("b", 2.5);
        tree.put("nan", Double.NaN);
        tree.put("inf", Float.POSITIVE_INFINITY);
        tree.put("list", Arrays.asList("x", true, null, 7L));
        tree.put(3, new StringBuilder("sb"));

        assertThat(text(tree))
                .isEqualTo("{\"a\":1,\"b\":2.5,\"nan\":null,\"inf\":null,\"list\":[\"x\",true,null,7],\"3\":\"sb\"}");
    }

    @Test
    void escapesControlCharactersAndKeepsUnpairedSurrogatesReadable() throws Exception {
        String nasty = "q\"b\\s\n\t\b\f\u0000\u001f\u007fé\ud800x";

        String written = text(List.of(nasty));

        // RFC 8259 §7: both \\u001F and \\u001f are valid; what matters is that it reads back the same
        assertThat(written).isEqualTo("[\"q\\\"b\\\\s\\n\\t\\b\\f\\u0000\\u001F\u007fé\\uD800x\"]");
        assertThat(JsonValues.read(written)).isEqualTo(List.of(nasty));
    }

    @Test
    void writesSenmlRecordsInsideATree() throws Exception {
        Map<String, Object> response = Map.of("senml",
                List.of(new SenmlRecord().put("bn", "s/").put("n", "a").put("v", 1.0), new SenmlRecord().put("n", "b")
                        .put("vb", true)));

        String written = text(response);

        assertThat(written).isEqualTo("{\"senml\":[{\"bn\":\"s/\",\"n\":\"a\",\"v\":1.0},{\"n\":\"b\",\"vb\":true}]}");
        @SuppressWarnings("unchecked")
        List<Object> pack = (List<Object>) ((Map<String, Object>) JsonValues.read(written)).get("senml");
        byte[] packBytes = JsonValues.write(pack);
        assertThat(SenmlFormat.JSON.read(packBytes)).hasSize(2);
    }

    private static String text(Object tree) {
        return new String(JsonValues.write(tree), StandardCharsets.UTF_8);
    }
}
