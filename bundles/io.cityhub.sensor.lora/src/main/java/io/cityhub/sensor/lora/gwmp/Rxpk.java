package io.cityhub.sensor.lora.gwmp;

import static io.cityhub.sensor.lora.gwmp.GwmpException.Reason.BAD_BASE64;
import static io.cityhub.sensor.lora.gwmp.GwmpException.Reason.BAD_JSON;

import java.util.Base64;
import java.util.Map;

/**
 * One received packet of a PUSH_DATA {@code rxpk} array (PROTOCOL.md §4). Unknown fields are ignored.
 *
 * @param tmst the concentrator's 32-bit µs counter at the end of reception; downlinks are timed against it
 * @param time UTC time of reception when the concentrator has GPS time, else null
 * @param freqMhz centre frequency in MHz
 * @param chan IF channel
 * @param rfch RF chain
 * @param crcStatus 1 CRC OK, -1 CRC failed, 0 no CRC
 * @param modu {@code LORA} or {@code FSK}
 * @param datr data rate: {@code SF7BW125} for LoRa, bit/s as text for FSK
 * @param codr coding rate, e.g. {@code 4/5}, or null
 * @param rssi RSSI in dBm
 * @param lsnr SNR in dB, or NaN when absent (FSK)
 * @param data the PHYPayload
 */
public record Rxpk(long tmst, String time, double freqMhz, int chan, int rfch, int crcStatus, String modu,
        String datr, String codr, double rssi, double lsnr, byte[] data) {

    /**
     * @param o one element of the rxpk array
     * @return the packet
     * @throws GwmpException if a required field is missing or of the wrong type, or data is not base64
     */
    static Rxpk fromJson(Object o) throws GwmpException {
        if (!(o instanceof Map<?, ?> m)) {
            throw new GwmpException(BAD_JSON, "rxpk entry is not an object");
        }
        Object data = m.get("data");
        if (!(data instanceof String text)) {
            throw new GwmpException(BAD_JSON, "rxpk entry without a data string");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new GwmpException(BAD_BASE64, "rxpk data is not standard base64: " + e.getMessage());
        }
        if (m.get("size") instanceof Number size && size.longValue() != bytes.length) {
            throw new GwmpException(BAD_BASE64, "rxpk size " + size + " but data holds " + bytes.length + " bytes");
        }
        Object datr = m.get("datr");
        return new Rxpk(number(m, "tmst", true).longValue() & 0xffff_ffffL,
                m.get("time") instanceof String t ? t : null,
                number(m, "freq", true).doubleValue(), number(m, "chan", false).intValue(),
                number(m, "rfch", false).intValue(), number(m, "stat", false).intValue(),
                m.get("modu") instanceof String s ? s : "LORA",
                datr instanceof Number n ? Long.toString(n.longValue()) : datr instanceof String s ? s : "",
                m.get("codr") instanceof String c ? c : null,
                number(m, "rssi", false).doubleValue(),
                m.get("lsnr") instanceof Number snr ? snr.doubleValue() : Double.NaN, bytes);
    }

    private static Number number(Map<?, ?> m, String key, boolean required) throws GwmpException {
        Object v = m.get(key);
        if (v instanceof Number n) {
            return n;
        }
        if (v == null && !required) {
            return 0;
        }
        throw new GwmpException(BAD_JSON, "rxpk field '" + key + "' " + (v == null ? "missing" : "is not a number"));
    }
}
