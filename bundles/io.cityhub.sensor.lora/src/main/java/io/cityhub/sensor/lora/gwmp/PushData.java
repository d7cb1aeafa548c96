package io.cityhub.sensor.lora.gwmp;

import static io.cityhub.sensor.lora.gwmp.GwmpException.Reason.BAD_JSON;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON of a PUSH_DATA: received packets and, every {@code stat_interval}, the gateway's status (PROTOCOL.md
 * §4). A bad rxpk entry is reported in {@link #rejected()} without dropping the others (the protocol document's own
 * example carries a data string that is not standard base64).
 *
 * @param packets the valid rxpk entries in order
 * @param rejected why each invalid entry was dropped
 * @param stat the {@code stat} object (gateway health), or an empty map
 */
public record PushData(List<Rxpk> packets, List<GwmpException> rejected, Map<String, Object> stat) {

    /**
     * @param json the JSON text of a PUSH_DATA, not null
     * @return the packets and status
     * @throws GwmpException if the text is not a JSON object or its rxpk is not an array
     */
    @SuppressWarnings("unchecked")
    public static PushData parse(String json) throws GwmpException {
        Object root;
        try {
            root = Json.parse(json);
        } catch (Json.SyntaxException e) {
            throw new GwmpException(BAD_JSON, e.getMessage());
        }
        if (!(root instanceof Map<?, ?> map)) {
            throw new GwmpException(BAD_JSON, "PUSH_DATA JSON is not an object");
        }
        Object rxpk = map.get("rxpk");
        if (rxpk != null && !(rxpk instanceof List<?>)) {
            throw new GwmpException(BAD_JSON, "rxpk is not an array");
        }
        List<Rxpk> packets = new ArrayList<>();
        List<GwmpException> rejected = new ArrayList<>();
        if (rxpk != null) {
            for (Object entry : (List<?>) rxpk) {
                try {
                    packets.add(Rxpk.fromJson(entry));
                } catch (GwmpException e) {
                    rejected.add(e);
                }
            }
        }
        Object stat = map.get("stat");
        return new PushData(packets, rejected, stat instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of());
    }
}
