package io.cityhub.forward.mqtt.internal.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonReaderTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"op\":}", "{\"op\" \"x\"}", "{op:1}", "[1,]", "01", "1.", "-", "\"abc",
        "{\"a\":1}x", "tru", "\"\\q\"", "\"\u0001\"", "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]", "{\"a\":1,}"})
    void rejectsMalformedText(String text) {
        assertThatThrownBy(() -> JsonReader.parse(text)).isInstanceOf(JsonReader.MalformedJsonException.class)
                .hasMessageContaining("offset");
    }

    @Test
    void parsesRequestShapes() throws Exception {
        Object parsed = JsonReader.parse(" {\"op\":\"replay\",\"from\":\"2026-11-27T00:00:00Z\",\"pageSize\":50,"
                + "\"x\":[true,false,null,-1.5e2,\"a\\u00e9\\n\"]} ");
        assertThat(parsed).isEqualTo(Map.of("op", "replay", "from", "2026-11-27T00:00:00Z", "pageSize", 50L,
                "x", java.util.Arrays.asList(true, false, null, -150.0, "a\u00e9\n")));
        assertThat(JsonReader.parse("[]")).isEqualTo(List.of());
    }
}
