package io.cityhub.sensor.lora.lorawan;

/**
 * DevAddr structure under the LoRaWAN Backend Interfaces addressing: the number of leading 1-bits is the NetID type,
 * then comes the NwkID of a width fixed per type, then the NwkAddr.
 */
public final class DevAddrs {

    /** NwkID bits per NetID type 0..7 (Backend Interfaces 1.0 Table 3). */
    private static final int[] NWK_ID_BITS = {6, 6, 9, 11, 12, 13, 15, 17};

    private DevAddrs() {
    }

    /**
     * @param devAddr a DevAddr
     * @return its NetID type, 0..7; -1 for a DevAddr starting with eight 1-bits (reserved)
     */
    public static int netIdType(int devAddr) {
        int type = Integer.numberOfLeadingZeros(~devAddr);
        return type > 7 ? -1 : type;
    }

    /**
     * @param devAddr a DevAddr
     * @return its NwkID
     * @throws IllegalArgumentException for a reserved DevAddr (eight leading 1-bits)
     */
    public static int nwkId(int devAddr) {
        int type = netIdType(devAddr);
        if (type < 0) {
            throw new IllegalArgumentException("DevAddr " + Bytes.hex(devAddr & 0xffffffffL, 8) + " is reserved");
        }
        int prefix = type + 1;
        int bits = NWK_ID_BITS[type];
        return (int) (((devAddr & 0xffffffffL) >>> (32 - prefix - bits)) & ((1L << bits) - 1));
    }

    /**
     * A DevAddr of NetID type 0 or 1 networks as the 1.0.2 §6.1.1 layout: the 7 MSB are the NwkID (the low 7 bits of
     * the NetID), the other 25 bits the NwkAddr.
     *
     * @param netId the NetID, whose low 7 bits become the prefix
     * @param nwkAddr the network address, low 25 bits used
     * @return the DevAddr
     */
    public static int fromNetId(int netId, int nwkAddr) {
        return ((netId & 0x7f) << 25) | (nwkAddr & 0x01ff_ffff);
    }
}
