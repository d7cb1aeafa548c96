package io.cityhub.sensor.lora.lorawan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One MAC command (1.0.2 §5, 1.0.3 §5 for DeviceTime): its CID, the name for its direction, and its payload bytes.
 *
 * @param cid the command identifier
 * @param name e.g. {@code LinkCheckReq}; {@code Unknown} for a CID this version does not define (then the payload
 *     holds every remaining byte, since its length is unknown)
 * @param payload the command's payload bytes in air order
 */
public record MacCommand(int cid, String name, byte[] payload) {

    /** CID of LinkCheckReq (up) and LinkCheckAns (down). */
    public static final int LINK_CHECK = 0x02;

    // names and payload lengths by CID, 1.0.2 Table 4 plus DeviceTime (0x0D, 1.0.3 §5.9); null = not defined
    private static final String[] UP_NAMES = new String[14];
    private static final int[] UP_LENGTHS = new int[14];
    private static final String[] DOWN_NAMES = new String[14];
    private static final int[] DOWN_LENGTHS = new int[14];

    static {
        up(0x02, "LinkCheckReq", 0);
        up(0x03, "LinkADRAns", 1);
        up(0x04, "DutyCycleAns", 0);
        up(0x05, "RXParamSetupAns", 1);
        up(0x06, "DevStatusAns", 2);
        up(0x07, "NewChannelAns", 1);
        up(0x08, "RXTimingSetupAns", 0);
        up(0x09, "TxParamSetupAns", 0);
        up(0x0A, "DlChannelAns", 1);
        up(0x0D, "DeviceTimeReq", 0);
        down(0x02, "LinkCheckAns", 2);
        down(0x03, "LinkADRReq", 4);
        down(0x04, "DutyCycleReq", 1);
        down(0x05, "RXParamSetupReq", 4);
        down(0x06, "DevStatusReq", 0);
        down(0x07, "NewChannelReq", 5);
        down(0x08, "RXTimingSetupReq", 1);
        down(0x09, "TxParamSetupReq", 1);
        down(0x0A, "DlChannelReq", 4);
        down(0x0D, "DeviceTimeAns", 5);
    }

    private static void up(int cid, String name, int length) {
        UP_NAMES[cid] = name;
        UP_LENGTHS[cid] = length;
    }

    private static void down(int cid, String name, int length) {
        DOWN_NAMES[cid] = name;
        DOWN_LENGTHS[cid] = length;
    }

    /**
     * Parses a sequence of MAC commands. A CID this version does not define ends the list with an {@code Unknown}
     * entry holding the rest (its length cannot be known; 1.0.4 §5: the rest is ignored).
     *
     * @param bytes FOpts, or a decrypted FRMPayload of FPort 0
     * @param uplink whether the commands travel from the device
     * @return the commands in order; empty for no bytes
     * @throws MalformedFrameException if a known command's payload is cut short
     */
    public static List<MacCommand> parseAll(byte[] bytes, boolean uplink) throws MalformedFrameException {
        String[] names = uplink ? UP_NAMES : DOWN_NAMES;
        int[] lengths = uplink ? UP_LENGTHS : DOWN_LENGTHS;
        List<MacCommand> commands = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
            int cid = bytes[i] & 0xff;
            String name = cid < names.length ? names[cid] : null;
            if (name == null) {
                commands.add(new MacCommand(cid, "Unknown", Arrays.copyOfRange(bytes, i + 1, bytes.length)));
                break;
            }
            int end = i + 1 + lengths[cid];
            if (end > bytes.length) {
                throw new MalformedFrameException(MalformedFrameException.Reason.BAD_MAC_COMMAND, name + " needs "
                        + lengths[cid] + " payload bytes, " + (bytes.length - i - 1) + " left");
            }
            commands.add(new MacCommand(cid, name, Arrays.copyOfRange(bytes, i + 1, end)));
            i = end;
        }
        return commands;
    }

    /**
     * LinkCheckAns (1.0.2 §5.2): the demodulation margin and how many gateways heard the request.
     *
     * @param marginDb SNR above the demodulation floor, 0..254 dB
     * @param gatewayCount gateways that received the LinkCheckReq, 0..255
     * @return the 3 bytes {@code 0x02 | Margin | GwCnt}
     */
    public static byte[] linkCheckAns(int marginDb, int gatewayCount) {
        return new byte[] {LINK_CHECK, (byte) Math.max(0, Math.min(254, marginDb)),
            (byte) Math.max(0, Math.min(255, gatewayCount))};
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacCommand m && cid == m.cid && name.equals(m.name) && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
        return cid * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return name + (payload.length == 0 ? "" : "(" + Bytes.hex(payload) + ")");
    }
}
