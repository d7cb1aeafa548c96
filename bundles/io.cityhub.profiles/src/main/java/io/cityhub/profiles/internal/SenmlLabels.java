package io.cityhub.profiles.internal;

import java.util.Map;
import java.util.Optional;

/**
 * How one SenML representation spells its labels: JSON uses the short names of RFC 8428 §4.1/§4.2, CBOR the
 * integer labels of §6 (table 4). Jackson's CBOR parser reports integer map keys as their decimal text, so
 * both representations map a key text to a field.
 */
final class SenmlLabels {

    /** RFC 8428 §5 (JSON). */
    static final SenmlLabels JSON = new SenmlLabels(Map.ofEntries(
            Map.entry("bver", SenmlField.BASE_VERSION), Map.entry("bn", SenmlField.BASE_NAME),
            Map.entry("bt", SenmlField.BASE_TIME), Map.entry("bu", SenmlField.BASE_UNIT),
            Map.entry("bv", SenmlField.BASE_VALUE), Map.entry("bs", SenmlField.BASE_SUM),
            Map.entry("n", SenmlField.NAME), Map.entry("u", SenmlField.UNIT), Map.entry("v", SenmlField.VALUE),
            Map.entry("vs", SenmlField.STRING_VALUE), Map.entry("vb", SenmlField.BOOLEAN_VALUE),
            Map.entry("s", SenmlField.SUM), Map.entry("t", SenmlField.TIME), Map.entry("ut", SenmlField.UPDATE_TIME),
            Map.entry("vd", SenmlField.DATA_VALUE)));

    /** RFC 8428 §6, table 4 (CBOR integer labels). */
    static final SenmlLabels CBOR = new SenmlLabels(Map.ofEntries(
            Map.entry("-1", SenmlField.BASE_VERSION), Map.entry("-2", SenmlField.BASE_NAME),
            Map.entry("-3", SenmlField.BASE_TIME), Map.entry("-4", SenmlField.BASE_UNIT),
            Map.entry("-5", SenmlField.BASE_VALUE), Map.entry("-6", SenmlField.BASE_SUM),
            Map.entry("0", SenmlField.NAME), Map.entry("1", SenmlField.UNIT), Map.entry("2", SenmlField.VALUE),
            Map.entry("3", SenmlField.STRING_VALUE), Map.entry("4", SenmlField.BOOLEAN_VALUE),
            Map.entry("5", SenmlField.SUM), Map.entry("6", SenmlField.TIME), Map.entry("7", SenmlField.UPDATE_TIME),
            Map.entry("8", SenmlField.DATA_VALUE)));

    private final Map<String, SenmlField> byLabel;

    private SenmlLabels(Map<String, SenmlField> byLabel) {
        this.byLabel = byLabel;
    }

    /**
     * @param label a map key as the parser reports it
     * @return the field, or empty for a label this decoder does not know
     */
    Optional<SenmlField> field(String label) {
        return Optional.ofNullable(byLabel.get(label));
    }
}
