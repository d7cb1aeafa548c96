package io.cityhub.tools.lora;

import io.cityhub.sensor.lora.lorawan.Aes128;
import io.cityhub.sensor.lora.lorawan.AesCmac;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import io.cityhub.sensor.lora.lorawan.EncryptedJoinAccept;
import io.cityhub.sensor.lora.lorawan.FrameCounter;
import io.cityhub.sensor.lora.lorawan.JoinAccept;
import io.cityhub.sensor.lora.lorawan.JoinRequest;
import io.cityhub.sensor.lora.lorawan.LorawanCrypto;
import io.cityhub.sensor.lora.lorawan.MType;
import io.cityhub.sensor.lora.lorawan.MalformedFrameException;
import io.cityhub.sensor.lora.lorawan.PhyPayload;

/**
 * A LoRaWAN 1.0.x end device in software: builds uplinks and join requests, and reads what the gateway sends back
 * (opens the join accept and derives the same session keys, checks downlink MICs). Not thread-safe.
 */
public final class SimulatedLoraDevice {

    private final long devEui;
    private final long joinEui;
    private final AesCmac appKey;
    private int devAddr;
    private AesCmac nwkSKey;
    private Aes128 appSKey;
    private long fCntUp;
    private long fCntDownNext;
    private int devNonce;

    private SimulatedLoraDevice(long devEui, long joinEui, byte[] appKey) {
        this.devEui = devEui;
        this.joinEui = joinEui;
        this.appKey = appKey == null ? null : new AesCmac(appKey);
    }

    /** @return an ABP device with these session keys, counters from 0 */
    public static SimulatedLoraDevice abp(long devEui, int devAddr, byte[] nwkSKey, byte[] appSKey) {
        SimulatedLoraDevice d = new SimulatedLoraDevice(devEui, 0, null);
        d.devAddr = devAddr;
        d.nwkSKey = new AesCmac(nwkSKey);
        d.appSKey = new Aes128(appSKey);
        return d;
    }

    /** @return an OTAA device that has not joined yet */
    public static SimulatedLoraDevice otaa(long devEui, long joinEui, byte[] appKey, int firstDevNonce) {
        SimulatedLoraDevice d = new SimulatedLoraDevice(devEui, joinEui, appKey);
        d.devNonce = firstDevNonce;
        return d;
    }

    /** @return a join request with the next DevNonce (LoRaWAN 1.0.4: a counter) */
    public byte[] joinRequest() {
        return JoinRequest.build(joinEui, devEui, devNonce++ & 0xffff, appKey).phy();
    }

    /**
     * Opens a join accept as the device does and takes its session.
     *
     * @return whether it was a valid join accept for this device
     */
    public boolean acceptJoin(byte[] phy) {
        try {
            if (!(PhyPayload.parse(phy) instanceof EncryptedJoinAccept frame)) {
                return false;
            }
            JoinAccept accept = JoinAccept.open(appKey.aes(), frame);
            if (!accept.micValid(appKey)) {
                return false;
            }
            LorawanCrypto.SessionKeys keys = LorawanCrypto.sessionKeys(appKey.aes(), accept.joinNonce(),
                    accept.netId(), (devNonce - 1) & 0xffff);
            devAddr = accept.devAddr();
            nwkSKey = new AesCmac(keys.nwkSKey());
            appSKey = new Aes128(keys.appSKey());
            fCntUp = 0;
            fCntDownNext = 0;
            return true;
        } catch (MalformedFrameException e) {
            return false;
        }
    }

    /**
     * @param confirmed whether the gateway must ACK
     * @param fPort 1..223
     * @param payload the application payload
     * @return the uplink with the next counter
     */
    public byte[] uplink(boolean confirmed, int fPort, byte[] payload) {
        return frame(confirmed, new byte[0], fPort, payload, fCntUp++);
    }

    /** @return an uplink with a chosen counter and FOpts (for replay and MAC-command tests) */
    public byte[] frame(boolean confirmed, byte[] fOpts, int fPort, byte[] payload, long fCnt) {
        if (nwkSKey == null) {
            throw new IllegalStateException("device has not joined");
        }
        return DataFrame.build(confirmed ? MType.CONFIRMED_DATA_UP : MType.UNCONFIRMED_DATA_UP, devAddr, 0, fCnt,
                fOpts, fPort, payload, nwkSKey, appSKey).phy();
    }

    /**
     * Reads a downlink as the device does: its address, its MIC, a counter above the last one.
     *
     * @return the frame, or null if it is not a valid downlink for this device
     */
    public DataFrame readDownlink(byte[] phy) {
        try {
            if (!(PhyPayload.parse(phy) instanceof DataFrame frame) || frame.mtype().uplink()
                    || frame.devAddr() != devAddr) {
                return null;
            }
            long full = FrameCounter.reconstruct(fCntDownNext, frame.fCnt16());
            if (full < fCntDownNext || !frame.micValid(nwkSKey, full)) {
                return null;
            }
            fCntDownNext = full + 1;
            return frame;
        } catch (MalformedFrameException e) {
            return null;
        }
    }

    public long devEui() {
        return devEui;
    }

    public int devAddr() {
        return devAddr;
    }

    public boolean joined() {
        return nwkSKey != null;
    }
}
