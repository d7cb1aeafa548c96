package io.cityhub.profiles.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SenmlRecordTest {

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void refusesNonFiniteNumbersWithAReason(double value) {
        SenmlRecord record = new SenmlRecord().put("n", "temp");

        assertThatThrownBy(() -> record.put("v", value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'v' must be a finite number").hasMessageContaining("no NaN or infinity");
        assertThatThrownBy(() -> record.put("x", (float) value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'x' must be a finite number");
        assertThat(record.size()).isEqualTo(1);
    }

    @Test
    void refusesARepeatedLabel() {
        SenmlRecord record = new SenmlRecord().put("n", "a").put("rid", "1");

        assertThatThrownBy(() -> record.put(SenmlLabel.NAME, "b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'n' appears twice");
        assertThatThrownBy(() -> record.put("rid", "2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'rid' appears twice");
        assertThat(record.get("n")).isEqualTo("a");
    }

    @Test
    void refusesValuesOfTheWrongTypeOrNone() {
        SenmlRecord record = new SenmlRecord();

        assertThatThrownBy(() -> record.put("n", 1.0)).hasMessageContaining("'n' must be a text");
        assertThatThrownBy(() -> record.put("vb", "true")).hasMessageContaining("'vb' must be a boolean");
        assertThatThrownBy(() -> record.put("bver", 5.0)).hasMessageContaining("'bver' must be an integer");
        assertThatThrownBy(() -> record.put("t", "now")).hasMessageContaining("'t' must be a number");
        assertThatThrownBy(() -> record.put("x", new Object())).hasMessageContaining("'x' must be a text, boolean");
        assertThatThrownBy(() -> record.put("u", null)).hasMessageContaining("no value");
        assertThatThrownBy(() -> record.put("", "x")).hasMessageContaining("must not be empty");
        assertThat(record.size()).isZero();
    }

    @Test
    void keepsFieldsInOrderWithIntegersAsLongAndFloatsAsDouble() {
        SenmlRecord record = new SenmlRecord().put("bn", "s/").put("t", 5).put("v", 1.5f).put("rid", "x");

        assertThat(record.size()).isEqualTo(4);
        assertThat(record.label(1)).isEqualTo("t");
        assertThat(record.value(1)).isEqualTo(5L);
        assertThat(record.value(2)).isEqualTo(1.5);
        assertThat(record.number(SenmlLabel.TIME)).isEqualTo(5.0);
        assertThat(record.has(SenmlLabel.UNIT)).isFalse();
        assertThat(record.text(SenmlLabel.UNIT)).isNull();
        assertThat(record).hasToString("{bn=s/, t=5, v=1.5, rid=x}");
    }

    @Test
    void findsEveryFieldWhereverItWasPutAndKeepsTheOrder() {
        SenmlRecord record = new SenmlRecord().put("rid", "r-1").put("bver", 10).put(SenmlLabel.NAME, "temp")
                .put("clk", "sync").put(SenmlLabel.VALUE, 21.5).put("vb", true).put(SenmlLabel.BASE_NAME, "dev-1/");

        assertThat(record.text(SenmlLabel.NAME)).isEqualTo("temp");
        assertThat(record.text(SenmlLabel.BASE_NAME)).isEqualTo("dev-1/");
        assertThat(record.number(SenmlLabel.VALUE)).isEqualTo(21.5);
        assertThat(record.flag(SenmlLabel.BOOLEAN_VALUE)).isTrue();
        assertThat(record.integer(SenmlLabel.BASE_VERSION)).isEqualTo(10L);
        assertThat(record.get("clk")).isEqualTo("sync");
        assertThat(record.get("n")).isEqualTo("temp");
        for (SenmlLabel absent : java.util.EnumSet.complementOf(java.util.EnumSet.of(SenmlLabel.NAME,
                SenmlLabel.VALUE, SenmlLabel.BOOLEAN_VALUE, SenmlLabel.BASE_NAME, SenmlLabel.BASE_VERSION))) {
            assertThat(record.has(absent)).as(absent.json()).isFalse();
            assertThat(record.number(SenmlLabel.TIME)).isNull();
        }
        assertThat(java.util.stream.IntStream.range(0, record.size()).mapToObj(record::label))
                .containsExactly("rid", "bver", "n", "clk", "v", "vb", "bn");
    }
}
