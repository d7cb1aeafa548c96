package io.cityhub.sensor.lora.internal;

import io.cityhub.sensor.lora.lorawan.Bytes;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.crypto.CryptoService;

/**
 * Validated configuration of one device (public only for tests and the tools; the package is not exported). Keys never
 * appear in {@link #toString()} or in an error message.
 *
 * @param devEui the DevEUI
 * @param otaa true for OTAA, false for ABP
 * @param joinEui OTAA: the JoinEUI, or null for any
 * @param appKey OTAA: the AppKey; ABP: empty
 * @param devAddr ABP: the DevAddr; OTAA: 0 (assigned at join)
 * @param nwkSKey ABP: the NwkSKey; OTAA: empty
 * @param appSKey ABP: the AppSKey; OTAA: empty
 * @param profileId device-profile id, empty for none
 * @param sensorId sensor id of the readings, never empty
 * @param abpCounterReset ABP: accept a counter that restarted from 0
 */
public record LoraDeviceOptions(long devEui, boolean otaa, Long joinEui, byte[] appKey, int devAddr, byte[] nwkSKey,
        byte[] appSKey, String profileId, String sensorId, boolean abpCounterReset) {

    static LoraDeviceOptions from(LoraDeviceConfig c, CryptoService crypto) {
        long devEui = eui("dev.eui", c.dev_eui(), false);
        String activation = trim(c.activation()).toUpperCase(java.util.Locale.ROOT);
        if (!activation.equals("OTAA") && !activation.equals("ABP")) {
            throw bad("activation", c.activation(), "OTAA or ABP");
        }
        boolean otaa = activation.equals("OTAA");
        String sensorId = trim(c.sensor_id()).isEmpty() ? Bytes.hex(devEui, 16) : trim(c.sensor_id());
        if (otaa) {
            Long joinEui = trim(c.join_eui()).isEmpty() ? null : eui("join.eui", c.join_eui(), false);
            return new LoraDeviceOptions(devEui, true, joinEui, key("app.key", c.app_key(), crypto), 0, new byte[0],
                    new byte[0], trim(c.profile_id()), sensorId, false);
        }
        String addr = trim(c.dev_addr());
        if (!addr.matches("[0-9a-fA-F]{8}")) {
            throw bad("dev.addr", c.dev_addr(), "8 hex digits for an ABP device");
        }
        return new LoraDeviceOptions(devEui, false, null, new byte[0], (int) Long.parseLong(addr, 16),
                key("nwk.s.key", c.nwk_s_key(), crypto), key("app.s.key", c.app_s_key(), crypto),
                trim(c.profile_id()), sensorId, c.abp_counter_reset());
    }

    private static long eui(String attribute, String value, boolean optional) {
        String v = trim(value);
        if (!v.matches("[0-9a-fA-F]{16}")) {
            throw bad(attribute, value, "16 hex digits");
        }
        return Long.parseUnsignedLong(v, 16);
    }

    /** Kura hands Password attributes over AES-encrypted (notes/kura.md §1.3). */
    private static byte[] key(String attribute, String value, CryptoService crypto) {
        String plain;
        try {
            plain = value == null || value.isEmpty() ? "" : new String(crypto.decryptAes(value.toCharArray()));
        } catch (KuraException e) {
            throw new IllegalArgumentException(LoraDevice.PID + ": attribute '" + attribute
                    + "' cannot be decrypted with CryptoService (" + e.getCode() + ")", e);
        }
        if (!plain.trim().matches("[0-9a-fA-F]{32}")) {
            // the value is a secret: say what is wrong with it, never what it is
            throw new IllegalArgumentException(LoraDevice.PID + ": attribute '" + attribute
                    + "' has invalid value '<hidden, " + plain.trim().length() + " characters>'; expected 32 hex"
                    + " digits (an AES-128 key)");
        }
        return Bytes.fromHex(plain.trim());
    }

    private static String trim(String value) {
        return value == null ? "" : value.trim();
    }

    private static IllegalArgumentException bad(String attribute, Object value, String expected) {
        return new IllegalArgumentException(LoraDevice.PID + ": attribute '" + attribute + "' has invalid value '"
                + value + "'; expected " + expected);
    }

    /** Never shows keys. */
    @Override
    public String toString() {
        return "LoraDevice[devEui=" + Bytes.hex(devEui, 16) + ", " + (otaa ? "OTAA" : "ABP devAddr="
                + Bytes.hex(devAddr & 0xffffffffL, 8)) + ", sensorId=" + sensorId + "]";
    }
}
