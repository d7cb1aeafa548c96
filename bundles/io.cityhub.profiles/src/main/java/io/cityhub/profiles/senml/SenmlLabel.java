package io.cityhub.profiles.senml;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SenML labels of RFC 8428 §4.1 (base fields) and §4.2 (regular fields), each with its JSON name (§5) and its
 * CBOR integer label (§6, table 4). The one label table of cityhub: the decoder and the uplink's encoder both use it.
 */
public enum SenmlLabel {
    BASE_VERSION("bver", -1),
    BASE_NAME("bn", -2),
    BASE_TIME("bt", -3),
    BASE_UNIT("bu", -4),
    BASE_VALUE("bv", -5),
    BASE_SUM("bs", -6),
    NAME("n", 0),
    UNIT("u", 1),
    VALUE("v", 2),
    STRING_VALUE("vs", 3),
    BOOLEAN_VALUE("vb", 4),
    SUM("s", 5),
    TIME("t", 6),
    UPDATE_TIME("ut", 7),
    DATA_VALUE("vd", 8);

    private static final Map<String, SenmlLabel> BY_JSON = new HashMap<>();
    private static final Map<Integer, SenmlLabel> BY_CBOR = new HashMap<>();

    static {
        for (SenmlLabel label : values()) {
            BY_JSON.put(label.json, label);
            BY_CBOR.put(label.cbor, label);
        }
    }

    private final String json;
    private final int cbor;

    SenmlLabel(String json, int cbor) {
        this.json = json;
        this.cbor = cbor;
    }

    /** @return the label's name in SenML JSON, e.g. {@code bn} */
    public String json() {
        return json;
    }

    /** @return the label's integer in SenML CBOR, e.g. -2 for {@code bn} */
    public int cbor() {
        return cbor;
    }

    /**
     * @param name a JSON label, e.g. {@code v}
     * @return the label, or empty for a name RFC 8428 does not define (an extension field)
     */
    public static Optional<SenmlLabel> ofJson(String name) {
        return Optional.ofNullable(BY_JSON.get(name));
    }

    /**
     * @param label a CBOR integer label, e.g. 2
     * @return the label, or empty for an integer table 4 does not define
     */
    public static Optional<SenmlLabel> ofCbor(int label) {
        return Optional.ofNullable(BY_CBOR.get(label));
    }
}
