package io.cityhub.sensor.lora.internal;

import java.util.Arrays;
import java.util.BitSet;

/**
 * What a device session must survive a restart with, as one immutable value: written crash-safely by
 * {@link SessionStore} before anything depends on it.
 *
 * @param devEui the device
 * @param devAddr the session's DevAddr
 * @param nwkSKey network session key, 16 bytes (empty before the first join of an OTAA device)
 * @param appSKey application session key, 16 bytes (empty likewise)
 * @param epoch counts sessions of this device (joins, accepted ABP counter resets); part of every reading id so a
 *     new session's counters never repeat an earlier session's ids
 * @param fCntUpNext the next uplink counter accepted; an older one is a replay
 * @param uplinkSeen whether any uplink was accepted in this session (so {@code fCntUpNext - 1} is a real frame)
 * @param fCntDownReserved downlink counters below this may have been used; a restart resumes here
 * @param joinNonce the last JoinNonce sent (LoRaWAN 1.0.4 §6.2.3: a counter per device)
 * @param devNonces DevNonces already used in joins (1.0.2 §6.2.4: a repeat is ignored)
 */
record SessionState(long devEui, int devAddr, byte[] nwkSKey, byte[] appSKey, long epoch, long fCntUpNext,
        boolean uplinkSeen, long fCntDownReserved, int joinNonce, BitSet devNonces) {

    SessionState {
        devNonces = (BitSet) devNonces.clone();
    }

    /** @return whether this state holds session keys (an OTAA device that never joined has none) */
    boolean active() {
        return nwkSKey.length == 16 && appSKey.length == 16;
    }

    /** @return a copy of the used DevNonces */
    BitSet usedDevNonces() {
        return (BitSet) devNonces.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionState s && devEui == s.devEui && devAddr == s.devAddr
                && Arrays.equals(nwkSKey, s.nwkSKey) && Arrays.equals(appSKey, s.appSKey) && epoch == s.epoch
                && fCntUpNext == s.fCntUpNext && uplinkSeen == s.uplinkSeen && fCntDownReserved == s.fCntDownReserved
                && joinNonce == s.joinNonce && devNonces.equals(s.devNonces);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(devEui) * 31 + Long.hashCode(fCntUpNext);
    }

    /** Never shows keys. */
    @Override
    public String toString() {
        return "SessionState[devEui=" + Long.toHexString(devEui) + ", devAddr=" + Integer.toHexString(devAddr)
                + ", epoch=" + epoch + ", fCntUpNext=" + fCntUpNext + ", fCntDownReserved=" + fCntDownReserved + "]";
    }
}
