package io.cityhub.sensor.lora.lorawan;

/** LoRaWAN message types, MHDR bits 7..5 (LoRaWAN 1.0.2 §4.2.1), with the names network-server consoles use. */
public enum MType {
    /** 000. */
    JOIN_REQUEST("JoinRequest", true),
    /** 001. */
    JOIN_ACCEPT("JoinAccept", false),
    /** 010. */
    UNCONFIRMED_DATA_UP("UnconfirmedDataUp", true),
    /** 011. */
    UNCONFIRMED_DATA_DOWN("UnconfirmedDataDown", false),
    /** 100. */
    CONFIRMED_DATA_UP("ConfirmedDataUp", true),
    /** 101. */
    CONFIRMED_DATA_DOWN("ConfirmedDataDown", false),
    /** 110: RFU in 1.0.x, Rejoin-request in 1.1. */
    REJOIN_REQUEST("RejoinRequest", true),
    /** 111. */
    PROPRIETARY("Proprietary", true);

    private static final MType[] BY_BITS = values();

    private final String displayName;
    private final boolean uplink;

    MType(String displayName, boolean uplink) {
        this.displayName = displayName;
        this.uplink = uplink;
    }

    /**
     * @param mhdr the MHDR byte (only bits 7..5 are read)
     * @return its message type
     */
    public static MType of(int mhdr) {
        return BY_BITS[(mhdr >>> 5) & 0x07];
    }

    /** @return the MHDR with this type and Major 0 (LoRaWAN R1) */
    public int mhdr() {
        return ordinal() << 5;
    }

    /** @return the name consoles and {@code cityhub lorawan decode} print, e.g. {@code UnconfirmedDataUp} */
    public String displayName() {
        return displayName;
    }

    /** @return true for frames a device sends (direction 0 in B0 and A_i) */
    public boolean uplink() {
        return uplink;
    }

    /** @return true for the four data-frame types */
    public boolean isData() {
        return this == UNCONFIRMED_DATA_UP || this == UNCONFIRMED_DATA_DOWN || this == CONFIRMED_DATA_UP
                || this == CONFIRMED_DATA_DOWN;
    }
}
