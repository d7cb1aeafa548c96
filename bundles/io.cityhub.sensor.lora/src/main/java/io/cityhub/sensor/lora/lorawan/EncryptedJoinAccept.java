package io.cityhub.sensor.lora.lorawan;

/**
 * A join accept as on air: everything after the MHDR is encrypted with the AppKey, so only
 * {@link JoinAccept#open} with the key can read it.
 *
 * @param phy the frame as received, 17 or 33 bytes
 */
public record EncryptedJoinAccept(byte[] phy) implements PhyPayload {

    @Override
    public MType mtype() {
        return MType.JOIN_ACCEPT;
    }
}
