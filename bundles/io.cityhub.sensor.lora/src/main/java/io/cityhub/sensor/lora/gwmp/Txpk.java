package io.cityhub.sensor.lora.gwmp;

import java.util.Base64;
import java.util.Locale;

/**
 * A downlink for a PULL_RESP (PROTOCOL.md §6): sent by the concentrator when its counter reaches {@code tmst}
 * (Class A receive windows).
 *
 * @param tmst concentrator counter value at which to send, µs, 32 bits
 * @param freqMhz frequency in MHz
 * @param rfch RF chain to send on
 * @param powerDbm output power in dBm
 * @param datr LoRa data rate, e.g. {@code SF12BW125}
 * @param codr coding rate, e.g. {@code 4/5}
 * @param data the PHYPayload
 */
public record Txpk(long tmst, double freqMhz, int rfch, int powerDbm, String datr, String codr, byte[] data) {

    /** @return {@code {"txpk":{…}}} with {@code ipol} true, as every LoRaWAN downlink needs (PROTOCOL.md §6) */
    public String toJson() {
        StringBuilder sb = new StringBuilder(160 + data.length * 2);
        sb.append("{\"txpk\":{\"imme\":false,\"tmst\":").append(tmst & 0xffff_ffffL)
                .append(",\"freq\":").append(String.format(Locale.ROOT, "%.6f", freqMhz))
                .append(",\"rfch\":").append(rfch)
                .append(",\"powe\":").append(powerDbm)
                .append(",\"modu\":\"LORA\",\"datr\":");
        Json.quote(datr, sb);
        sb.append(",\"codr\":");
        Json.quote(codr, sb);
        sb.append(",\"ipol\":true,\"size\":").append(data.length)
                .append(",\"data\":\"").append(Base64.getEncoder().encodeToString(data)).append("\"}}");
        return sb.toString();
    }
}
