package io.cityhub.profiles.senml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SenmlLabelTest {

    @Test
    void namesAndIntegersTheRfcDoesNotDefineAreUnknown() {
        assertThat(SenmlLabel.ofJson("rid")).isEmpty();
        assertThat(SenmlLabel.ofJson("BN")).isEmpty();
        assertThat(SenmlLabel.ofJson("")).isEmpty();
        assertThat(SenmlLabel.ofCbor(-7)).isEmpty();
        assertThat(SenmlLabel.ofCbor(9)).isEmpty();
    }

    @Test
    void everyLabelHasTheJsonNameAndCborIntegerOfRfc8428Table4() {
        Map<String, Integer> table4 = new LinkedHashMap<>();
        table4.put("bver", -1);
        table4.put("bn", -2);
        table4.put("bt", -3);
        table4.put("bu", -4);
        table4.put("bv", -5);
        table4.put("bs", -6);
        table4.put("n", 0);
        table4.put("u", 1);
        table4.put("v", 2);
        table4.put("vs", 3);
        table4.put("vb", 4);
        table4.put("s", 5);
        table4.put("t", 6);
        table4.put("ut", 7);
        table4.put("vd", 8);

        Map<String, Integer> labels = new LinkedHashMap<>();
        for (SenmlLabel label : SenmlLabel.values()) {
            labels.put(label.json(), label.cbor());
            assertThat(SenmlLabel.ofJson(label.json())).contains(label);
            assertThat(SenmlLabel.ofCbor(label.cbor())).contains(label);
        }

        assertThat(labels).containsExactlyEntriesOf(table4);
    }
}
