package io.cityhub.webui.internal;

import static io.cityhub.webui.internal.TestMetatype.ad;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.service.metatype.AttributeDefinition;

class MetatypeFormTest {

    private final TestMetatype ocd = new TestMetatype("io.cityhub.test.Thing")
            .with(ad("port", AttributeDefinition.INTEGER).range(1, 65535))
            .with(ad("host", AttributeDefinition.STRING).optional())
            .with(ad("mode", AttributeDefinition.STRING).options("fast", "safe"))
            .with(ad("enabled", AttributeDefinition.BOOLEAN))
            .with(ad("secret", AttributeDefinition.PASSWORD).optional())
            .with(ad("limit", AttributeDefinition.LONG).optional())
            .with(ad("channels", AttributeDefinition.STRING).cardinality(3).optional());
    private final List<String> sealed = new ArrayList<>();
    private final MetatypeForm.Sealer sealer = plain -> {
        sealed.add(plain);
        return "ENC(" + plain.length() + ")";
    };

    private static Map<String, List<String>> form(String... pairs) {
        Map<String, List<String>> form = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            form.computeIfAbsent(MetatypeForm.FIELD_PREFIX + pairs[i], k -> new ArrayList<>())
                    .add(pairs[i + 1]);
        }
        return form;
    }

    @Test
    void refusesAValueOutOfRangeWithTheMetatypesReason() throws Exception {
        MetatypeForm.Result result = MetatypeForm.parse(ocd, form("port", "70000", "mode", "fast", "enabled", "true"),
                Map.of(), sealer);

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).containsOnlyKeys("port");
        assertThat(result.errors().get("port")).contains("70000").contains("out of range");
    }

    @Test
    void refusesMissingRequiredValuesNonNumbersAndValuesOutsideTheOptions() throws Exception {
        MetatypeForm.Result result = MetatypeForm.parse(ocd, form("port", "", "mode", "turbo", "enabled", "yes",
                "limit", "12x"), Map.of(), sealer);

        assertThat(result.errors()).containsOnlyKeys("port", "mode", "enabled", "limit");
        assertThat(result.errors().get("port")).isEqualTo("required");
        assertThat(result.errors().get("mode")).contains("not one of the options");
        assertThat(result.errors().get("enabled")).contains("neither true nor false");
    }

    @Test
    void aRefusedFormIsShownAgainWithWhatWasTypedAndTheReasonsEscaped() throws Exception {
        Map<String, List<String>> sent = form("port", "<b>", "mode", "fast", "enabled", "true", "secret", "s3cret");
        MetatypeForm.Result result = MetatypeForm.parse(ocd, sent, Map.of(), sealer);

        String html = MetatypeForm.render(ocd, Map.of(), sent, result.errors());

        assertThat(html).contains("value=\"&lt;b&gt;\"").contains("id=\"error-port\"")
                .contains("&#39;&lt;b&gt;&#39;: not a number").doesNotContain("<b>").doesNotContain("s3cret");
    }

    @Test
    void typesTheValuesAndDropsEmptyInputsOfMultiValuedAttributes() throws Exception {
        MetatypeForm.Result result = MetatypeForm.parse(ocd, form("port", " 5683 ", "mode", "safe", "enabled",
                "false", "host", "", "limit", "", "channels", "a,b", "channels", "", "channels", "c"), Map.of(),
                sealer);

        assertThat(result.errors()).isEmpty();
        assertThat(result.values()).containsEntry("port", 5683).containsEntry("mode", "safe")
                .containsEntry("enabled", false).containsEntry("host", "").containsEntry("limit", null);
        assertThat((String[]) result.values().get("channels")).containsExactly("a,b", "c");
    }

    @Test
    void anEmptyPasswordKeepsTheStoredOneAndANewOneIsSealed() throws Exception {
        Map<String, Object> stored = Map.of("secret", "OLD-CIPHERTEXT");
        MetatypeForm.Result kept = MetatypeForm.parse(ocd, form("port", "1", "mode", "fast", "enabled", "true",
                "secret", ""), stored, sealer);
        MetatypeForm.Result changed = MetatypeForm.parse(ocd, form("port", "1", "mode", "fast", "enabled", "true",
                "secret", "n3w"), stored, sealer);

        assertThat(kept.values()).containsEntry("secret", "OLD-CIPHERTEXT");
        assertThat(changed.values()).containsEntry("secret", "ENC(3)");
        assertThat(sealed).containsExactly("n3w");
    }

    @Test
    void rendersTypeAppropriateInputsAndNeverAPasswordValue() {
        Map<String, Object> current = Map.of("port", 5683, "mode", "safe", "enabled", true, "secret", "CIPHERTEXT",
                "channels", new String[] {"x", "y"});

        String html = MetatypeForm.render(ocd, current, null, Map.of());

        assertThat(html).contains("<input type=\"text\" inputmode=\"numeric\" name=\"ad.port\" id=\"f-port-0\""
                + " value=\"5683\" required>");
        assertThat(html).contains("<select name=\"ad.mode\" id=\"f-mode-0\"><option value=\"fast\">fast</option>"
                + "<option value=\"safe\" selected>safe</option></select>");
        assertThat(html).contains("<option value=\"true\" selected>true</option>");
        assertThat(html).contains("type=\"password\"").contains("set; leave empty to keep it")
                .doesNotContain("CIPHERTEXT");
        assertThat(html).contains("id=\"f-channels-0\" value=\"x\"").contains("id=\"f-channels-1\" value=\"y\"")
                .contains("id=\"f-channels-2\" value=\"\"").doesNotContain("f-channels-3");
        assertThat(html).contains("Name of port *").contains("Name of host <code>");
    }

    @Test
    void anEmptyOptionListMeansAFreeInputNotAnEmptySelect() throws Exception {
        TestMetatype noOptions = new TestMetatype("n").with(ad("limit", AttributeDefinition.INTEGER).options());

        assertThat(MetatypeForm.render(noOptions, Map.of("limit", 128), null, Map.of()))
                .contains("<input type=\"text\" inputmode=\"numeric\" name=\"ad.limit\" id=\"f-limit-0\""
                        + " value=\"128\"")
                .doesNotContain("<select");
        assertThat(MetatypeForm.parse(noOptions, form("limit", "64"), Map.of(), sealer).values())
                .containsEntry("limit", 64);
    }

    @Test
    void defaultsAreTyped() {
        TestMetatype withDefaults = new TestMetatype("d")
                .with(ad("port", AttributeDefinition.INTEGER).defaults("5683"))
                .with(ad("names", AttributeDefinition.STRING).cardinality(2).defaults("a", "b"))
                .with(ad("broken", AttributeDefinition.INTEGER).defaults("x"));

        Map<String, Object> defaults = MetatypeForm.defaults(withDefaults);

        assertThat(defaults).containsEntry("port", 5683).doesNotContainKey("broken");
        assertThat((String[]) defaults.get("names")).containsExactly("a", "b");
    }
}
