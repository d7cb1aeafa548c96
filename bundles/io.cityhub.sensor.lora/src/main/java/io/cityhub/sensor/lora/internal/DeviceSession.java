package io.cityhub.sensor.lora.internal;

import io.cityhub.sensor.lora.lorawan.Aes128;
import io.cityhub.sensor.lora.lorawan.AesCmac;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import io.cityhub.sensor.lora.lorawan.FrameCounter;
import io.cityhub.sensor.lora.lorawan.JoinAccept;
import io.cityhub.sensor.lora.lorawan.JoinRequest;
import io.cityhub.sensor.lora.lorawan.LorawanCrypto;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session of one device: keys, frame counters and DevNonces, with the replay rules of LoRaWAN 1.0.x. A change is
 * first <em>staged</em> (the next frame of the device is checked against it) and becomes durable with
 * {@link #commit}, which writes the staged changes of many devices as one journal record; nothing that depends on a
 * change (a reading, an ACK, a join accept) may leave before that. A failed commit is {@link #rollback rolled back}
 * to the durable state. Thread-safe (one lock per device; commits take the store's lock first, then the devices').
 */
final class DeviceSession {

    /**
     * The downlink counter is persisted this far ahead of use, so a crash costs at most this many counter values
     * and a restart never reuses one (a device drops a downlink with an old counter).
     */
    static final long DOWNLINK_COUNTER_MARGIN = 64;

    private final LoraDeviceOptions device;
    private final SessionStore store;
    private final AesCmac appKey;
    /** The working state: what the next frame is checked against. */
    private SessionState state;
    /** What is on stable storage; {@code state} differs while a change is staged. */
    private SessionState durable;
    private AesCmac nwkSKey;
    private Aes128 appSKey;
    private long fCntDownNext;

    /**
     * Resumes the stored session or starts one: ABP from the configured keys (a change of DevAddr or keys starts a
     * new session epoch, durable before this returns), OTAA waiting for its first join.
     *
     * @throws IOException if the stored state cannot be read or the new one cannot be written
     */
    DeviceSession(LoraDeviceOptions device, SessionStore store) throws IOException {
        this.device = device;
        this.store = store;
        this.appKey = device.otaa() ? new AesCmac(device.appKey()) : null;
        SessionState stored = store.load(device.devEui()).orElse(null);
        boolean save = false;
        if (!device.otaa() && (stored == null || stored.devAddr() != device.devAddr()
                || !Arrays.equals(stored.nwkSKey(), device.nwkSKey())
                || !Arrays.equals(stored.appSKey(), device.appSKey()))) {
            long epoch = stored == null ? 0 : stored.epoch() + 1;
            stored = new SessionState(device.devEui(), device.devAddr(), device.nwkSKey(), device.appSKey(), epoch,
                    0, false, 0, 0, stored == null ? new BitSet() : stored.usedDevNonces());
            save = true;
        } else if (stored == null) {
            stored = new SessionState(device.devEui(), 0, new byte[0], new byte[0], 0, 0, false, 0, 0, new BitSet());
        }
        apply(stored);
        durable = save ? null : stored;
        commit(List.of(this));
        // a restart resumes above every downlink counter that may have been used
        fCntDownNext = stored.fCntDownReserved();
    }

    /**
     * Makes the staged changes of these sessions durable, one journal record per store, and returns once they are.
     *
     * @throws IOException if a store failed; its sessions keep their staged changes (the caller rolls back)
     */
    static void commit(Collection<DeviceSession> sessions) throws IOException {
        Map<SessionStore, List<DeviceSession>> byStore = new IdentityHashMap<>();
        for (DeviceSession s : sessions) {
            byStore.computeIfAbsent(s.store, k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<SessionStore, List<DeviceSession>> e : byStore.entrySet()) {
            SessionStore store = e.getKey();
            // staged states are taken under the store's lock, so the journal holds each device's states in order
            synchronized (store) {
                List<DeviceSession> changed = new ArrayList<>();
                List<SessionState> states = new ArrayList<>();
                for (DeviceSession s : e.getValue()) {
                    SessionState pending = s.pending();
                    if (pending != null) {
                        changed.add(s);
                        states.add(pending);
                    }
                }
                if (states.isEmpty()) {
                    continue;
                }
                store.commit(states);
                for (int i = 0; i < changed.size(); i++) {
                    changed.get(i).committed(states.get(i));
                }
            }
        }
    }

    /** @return the staged state, or null when everything is durable */
    private synchronized SessionState pending() {
        return state == durable ? null : state;
    }

    private synchronized void committed(SessionState s) {
        durable = s;
    }

    /** Forgets what is staged (its commit failed): the next frames are checked against the durable state again. */
    synchronized void rollback() {
        if (durable != null && state != durable) {
            apply(durable);
        }
    }

    private void apply(SessionState s) {
        boolean newKeys = state == null || !Arrays.equals(state.nwkSKey(), s.nwkSKey())
                || !Arrays.equals(state.appSKey(), s.appSKey());
        state = s;
        if (newKeys) {
            nwkSKey = s.active() ? new AesCmac(s.nwkSKey()) : null;
            appSKey = s.active() ? new Aes128(s.appSKey()) : null;
            fCntDownNext = s.fCntDownReserved();
        }
    }

    LoraDeviceOptions device() {
        return device;
    }

    synchronized boolean active() {
        return nwkSKey != null;
    }

    synchronized int devAddr() {
        return state.devAddr();
    }

    synchronized SessionState state() {
        return state;
    }

    /**
     * An accepted uplink.
     *
     * @param fCnt32 the full counter
     * @param epoch the session epoch, part of reading ids
     * @param retransmission whether this counter was accepted before (readings again get the same ids)
     * @param payload the decrypted FRMPayload (empty without FPort)
     */
    record Uplink(long fCnt32, long epoch, boolean retransmission, byte[] payload) {
    }

    /**
     * Checks MIC and counter, persists the new counter (before any reading of the frame can become durable), and
     * decrypts; one commit per frame (the receive path stages and commits many frames at once instead).
     *
     * @throws DropException {@code not_joined}, {@code bad_mic}, {@code replay} or {@code session_store_failed}
     */
    Uplink acceptUplink(DataFrame frame) throws DropException {
        Uplink up = stageUplink(frame);
        commitOwn();
        return up;
    }

    /**
     * Checks MIC and counter, stages the new counter, and decrypts. Nothing of the frame may become durable or be
     * answered before a {@link #commit} that includes this session has returned.
     *
     * @throws DropException {@code not_joined}, {@code bad_mic} or {@code replay}
     */
    synchronized Uplink stageUplink(DataFrame frame) throws DropException {
        if (nwkSKey == null) {
            throw new DropException("not_joined", "uplink from " + device + " before any join");
        }
        long next = state.fCntUpNext();
        long full = FrameCounter.reconstruct(next, frame.fCnt16());
        boolean reset = false;
        if (!frame.micValid(nwkSKey, full)) {
            long earlier = ((next & ~0xffffL) | frame.fCnt16()) - (frame.fCnt16() >= (next & 0xffff) ? 0x10000 : 0);
            if (!device.otaa() && device.abpCounterReset() && frame.micValid(nwkSKey, frame.fCnt16())) {
                full = frame.fCnt16();
                reset = true;
            } else if (earlier >= 0 && frame.micValid(nwkSKey, earlier)) {
                throw new DropException("replay", "replayed frame from " + device + ": counter " + earlier
                        + " below the next expected " + next);
            } else {
                throw new DropException("bad_mic", "MIC mismatch for DevAddr "
                        + Bytes.hex(frame.devAddr() & 0xffffffffL, 8) + " (" + device + ")");
            }
        }
        boolean retransmission = false;
        if (reset) {
            stage(new SessionState(state.devEui(), state.devAddr(), state.nwkSKey(), state.appSKey(),
                    state.epoch() + 1, full + 1, true, state.fCntDownReserved(), state.joinNonce(), state.devNonces()));
        } else if (state.uplinkSeen() && full == next - 1) {
            // 1.0.2 §4.3.1.5 / §18.1: a device repeats a frame with the same counter (NbTrans, or no ACK received)
            retransmission = true;
        } else if (full < next) {
            throw new DropException("replay", "counter " + full + " below the next expected " + next + " (" + device
                    + ")");
        } else {
            stage(new SessionState(state.devEui(), state.devAddr(), state.nwkSKey(), state.appSKey(), state.epoch(),
                    full + 1, true, state.fCntDownReserved(), state.joinNonce(), state.devNonces()));
        }
        byte[] payload = frame.fPort() == DataFrame.NO_PORT ? new byte[0]
                : frame.decrypt(frame.fPort() == 0 ? nwkSKey.aes() : appSKey, full);
        return new Uplink(full, state.epoch(), retransmission, payload);
    }

    /**
     * @return the next downlink counter; the reserve on disk is extended first when it runs out
     * @throws DropException {@code session_store_failed} if the reserve cannot be extended
     */
    long nextFCntDown() throws DropException {
        synchronized (this) {
            if (fCntDownNext < durable.fCntDownReserved()) {
                return fCntDownNext++;
            }
            if (fCntDownNext >= state.fCntDownReserved()) {
                stage(new SessionState(state.devEui(), state.devAddr(), state.nwkSKey(), state.appSKey(),
                        state.epoch(), state.fCntUpNext(), state.uplinkSeen(), fCntDownNext + DOWNLINK_COUNTER_MARGIN,
                        state.joinNonce(), state.devNonces()));
            }
        }
        try {
            // outside this session's lock: a commit takes the store's lock first
            commit(List.of(this));
        } catch (IOException e) {
            throw new DropException("session_store_failed", "cannot persist the downlink counter reserve of "
                    + device + ": " + e.getMessage(), e);
        }
        synchronized (this) {
            if (fCntDownNext < durable.fCntDownReserved()) {
                return fCntDownNext++;
            }
        }
        throw new DropException("session_store_failed", "the downlink counter reserve of " + device
                + " is not durable");
    }

    /** @return CMAC with the NwkSKey and AES with the AppSKey, for building downlinks; null before a join */
    synchronized AesCmac nwkSKey() {
        return nwkSKey;
    }

    synchronized Aes128 appSKey() {
        return appSKey;
    }

    /**
     * Handles a join request (1.0.2 §6.2.4–6.2.5): MIC, DevNonce freshness, new keys; the new session is durable
     * before the join accept can leave.
     *
     * @param devAddr the DevAddr to assign
     * @return the join accept fields (its MIC is computed by {@link JoinAccept#seal})
     * @throws DropException {@code not_otaa}, {@code bad_mic}, {@code dev_nonce_reused}, {@code session_store_failed}
     */
    JoinAccept join(JoinRequest request, int netId, int devAddr, int dlSettings, int rxDelay, byte[] cfList)
            throws DropException {
        JoinAccept accept = stageJoin(request, netId, devAddr, dlSettings, rxDelay, cfList);
        commitOwn();
        return accept;
    }

    /**
     * Like {@link #join} but only stages the new session: the join accept may leave only after a {@link #commit}.
     *
     * @throws DropException {@code not_otaa}, {@code bad_mic}, {@code dev_nonce_reused}
     */
    synchronized JoinAccept stageJoin(JoinRequest request, int netId, int devAddr, int dlSettings, int rxDelay,
            byte[] cfList) throws DropException {
        if (appKey == null) {
            throw new DropException("not_otaa", "join request from ABP device " + device);
        }
        if (!request.micValid(appKey)) {
            throw new DropException("bad_mic", "join request MIC mismatch for " + device);
        }
        if (state.devNonces().get(request.devNonce())) {
            throw new DropException("dev_nonce_reused", "DevNonce " + Bytes.hex(request.devNonce(), 4)
                    + " already used by " + device);
        }
        int joinNonce = (state.joinNonce() + 1) & 0xffffff;
        LorawanCrypto.SessionKeys keys = LorawanCrypto.sessionKeys(appKey.aes(), joinNonce, netId,
                request.devNonce());
        BitSet nonces = state.usedDevNonces();
        nonces.set(request.devNonce());
        stage(new SessionState(state.devEui(), devAddr, keys.nwkSKey(), keys.appSKey(), state.epoch() + 1, 0, false,
                0, joinNonce, nonces));
        return new JoinAccept(joinNonce, netId, devAddr, dlSettings, rxDelay, cfList, new byte[4]);
    }

    /** @return CMAC with the AppKey (OTAA), for sealing the join accept */
    AesCmac appKey() {
        return appKey;
    }

    private void stage(SessionState next) {
        apply(next);
    }

    /** Commits this session alone; on failure its staged change is rolled back. */
    private void commitOwn() throws DropException {
        try {
            commit(List.of(this));
        } catch (IOException e) {
            rollback();
            throw new DropException("session_store_failed", "cannot persist the session of " + device + ": "
                    + e.getMessage(), e);
        }
    }
}
