package io.cityhub.sensor.lora.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Map;

/**
 * The binary form of a {@link SessionState} in the journal and the snapshot (big-endian). A full entry holds the
 * whole state; an uplink entry only the new uplink counter of a device whose other fields did not change since its
 * previous entry, which is what nearly every frame changes, so a commit of many frames stays small (25 bytes each).
 */
final class SessionCodec {

    static final byte FULL = 1;
    static final byte UPLINK = 2;
    private static final int MAX_NONCE_BYTES = 65_536 / 8;

    private SessionCodec() {
    }

    static int maxBytes(SessionState s) {
        return 1 + 8 + 4 + 1 + s.nwkSKey().length + 1 + s.appSKey().length + 8 + 8 + 1 + 8 + 4 + 4
                + s.devNonces().toByteArray().length;
    }

    /** @return whether {@code after} differs from {@code before} in the uplink counter alone */
    static boolean onlyUplinkCounter(SessionState before, SessionState after) {
        return before.devEui() == after.devEui() && before.devAddr() == after.devAddr()
                && before.epoch() == after.epoch() && after.uplinkSeen()
                && before.fCntDownReserved() == after.fCntDownReserved() && before.joinNonce() == after.joinNonce()
                && Arrays.equals(before.nwkSKey(), after.nwkSKey()) && Arrays.equals(before.appSKey(), after.appSKey())
                && before.devNonces().equals(after.devNonces());
    }

    static void putUplink(ByteBuffer b, SessionState s) {
        b.put(UPLINK).putLong(s.devEui()).putLong(s.epoch()).putLong(s.fCntUpNext());
    }

    static void putFull(ByteBuffer b, SessionState s) {
        byte[] nonces = s.devNonces().toByteArray();
        b.put(FULL).putLong(s.devEui()).putInt(s.devAddr())
                .put((byte) s.nwkSKey().length).put(s.nwkSKey()).put((byte) s.appSKey().length).put(s.appSKey())
                .putLong(s.epoch()).putLong(s.fCntUpNext()).put((byte) (s.uplinkSeen() ? 1 : 0))
                .putLong(s.fCntDownReserved()).putInt(s.joinNonce()).putInt(nonces.length).put(nonces);
    }

    /**
     * Reads one entry of either kind.
     *
     * @param known the states so far, the base of an uplink entry
     * @throws IOException if an uplink entry names a device or session epoch without a full entry before it
     */
    static SessionState get(ByteBuffer b, Map<Long, SessionState> known) throws IOException {
        byte kind = b.get(b.position());
        if (kind == FULL) {
            return getFull(b);
        }
        if (kind != UPLINK) {
            throw new IOException("unknown session entry kind " + kind);
        }
        b.get();
        long devEui = b.getLong();
        long epoch = b.getLong();
        long fCntUpNext = b.getLong();
        SessionState base = known.get(devEui);
        if (base == null || base.epoch() != epoch) {
            throw new IOException("a counter entry of DevEUI " + Long.toHexString(devEui) + ", epoch " + epoch
                    + ", has no session entry before it");
        }
        return new SessionState(devEui, base.devAddr(), base.nwkSKey(), base.appSKey(), epoch, fCntUpNext, true,
                base.fCntDownReserved(), base.joinNonce(), base.devNonces());
    }

    static SessionState getFull(ByteBuffer b) {
        if (b.get() != FULL) {
            throw new IllegalArgumentException("not a full session entry");
        }
        long devEui = b.getLong();
        int devAddr = b.getInt();
        byte[] nwk = bytes(b, b.get(), 16);
        byte[] app = bytes(b, b.get(), 16);
        long epoch = b.getLong();
        long fCntUpNext = b.getLong();
        boolean uplinkSeen = b.get() != 0;
        long fCntDownReserved = b.getLong();
        int joinNonce = b.getInt();
        byte[] nonces = bytes(b, b.getInt(), MAX_NONCE_BYTES);
        return new SessionState(devEui, devAddr, nwk, app, epoch, fCntUpNext, uplinkSeen, fCntDownReserved,
                joinNonce, BitSet.valueOf(nonces));
    }

    private static byte[] bytes(ByteBuffer b, int length, int max) {
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("field length " + length + " outside 0.." + max);
        }
        byte[] out = new byte[length];
        b.get(out);
        return out;
    }
}
