package io.cityhub.api;

import java.util.Map;
import java.util.Objects;

/**
 * Where and how a reading reached the gateway.
 *
 * @param transport the transport that carried it: {@code coap}, {@code lora}, {@code gpio}, {@code traffic}
 *     or {@code gateway} for readings the gateway makes about itself; never null
 * @param rssiDbm received signal strength in dBm, or null where the transport has no radio
 * @param snrDb signal-to-noise ratio in dB, or null where unknown
 * @param attributes further transport facts such as {@code frequency}, {@code gateway}, {@code remote};
 *     never null, copied and unmodifiable
 */
public record SourceMetadata(String transport, Double rssiDbm, Double snrDb, Map<String, String> attributes) {

    /**
     * Attribute identifying the frame a raw observation's bytes came from, unique for its device across restarts
     * (LoRaWAN: DevEUI, session and frame counter). A codec that finds it derives each reading's id from it, the
     * channel and the unit ({@link ReadingIds#derive}) instead of the receive time, so the same frame heard twice
     * (a second antenna, a retransmission, a replay after a restart) yields the same ids.
     */
    public static final String FRAME_ID = "frameId";

    /**
     * Attribute naming one receipt of bytes by the gateway, unique on this gateway across restarts and steps of its
     * wall clock (a random token per start of the source and a counter). A codec that stamps a reading with the
     * receive time (the sensor sent no time of its own) derives the reading's id from it as well
     * ({@link ReadingIds#ofReceipt}), because the gateway's clock may show the same time twice: set back by NTP or by
     * hand, or after a reboot without a real-time clock. Readings that carry their own time keep the id
     * {@link ReadingIds#of} gives them. Codecs do not pass this attribute on into the readings.
     */
    public static final String RECEIPT_ID = "receiptId";

    /**
     * Attribute naming the device profile a source configured for the sensor (LoRa and CoAP devices name one);
     * edge filters use it to find the channel's defaults when the profile registry maps no profile to the sensor.
     */
    public static final String PROFILE = "profile";

    /** @throws NullPointerException if transport or attributes is null */
    public SourceMetadata {
        Objects.requireNonNull(transport, "transport");
        attributes = Map.copyOf(attributes);
    }

    /**
     * @param transport the transport name, not null
     * @return metadata with only the transport set
     */
    public static SourceMetadata of(String transport) {
        return new SourceMetadata(transport, null, null, Map.of());
    }
}
