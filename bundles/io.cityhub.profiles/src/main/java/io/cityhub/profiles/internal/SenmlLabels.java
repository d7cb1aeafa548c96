package io.cityhub.profiles.internal;

import io.cityhub.profiles.senml.SenmlLabel;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How one SenML representation spells its labels: JSON uses the short names of RFC 8428 §4.1/§4.2, CBOR the
 * integer labels of §6 (table 4), both from {@link SenmlLabel}. Jackson's CBOR parser reports integer map keys as
 * their decimal text, so both representations map a key text to a label.
 */
final class SenmlLabels {

    /** RFC 8428 §5 (JSON). */
    static final SenmlLabels JSON = new SenmlLabels(SenmlLabel::json);

    /** RFC 8428 §6, table 4 (CBOR integer labels, as decimal text). */
    static final SenmlLabels CBOR = new SenmlLabels(label -> Integer.toString(label.cbor()));

    private final Map<String, SenmlLabel> byKey = new HashMap<>();

    private SenmlLabels(Function<SenmlLabel, String> key) {
        for (SenmlLabel label : SenmlLabel.values()) {
            byKey.put(key.apply(label), label);
        }
    }

    /**
     * @param key a map key as the parser reports it
     * @return the label, or empty for a key this decoder does not know
     */
    Optional<SenmlLabel> field(String key) {
        return Optional.ofNullable(byKey.get(key));
    }
}
