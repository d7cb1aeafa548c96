package io.cityhub.sensor.lora.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.sensor.lora.lorawan.Aes128;
import io.cityhub.sensor.lora.lorawan.AesCmac;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import io.cityhub.sensor.lora.lorawan.EncryptedJoinAccept;
import io.cityhub.sensor.lora.lorawan.JoinAccept;
import io.cityhub.sensor.lora.lorawan.JoinRequest;
import io.cityhub.sensor.lora.lorawan.LorawanCrypto;
import io.cityhub.sensor.lora.lorawan.MType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Replay rules, counters and crash-safe persistence of one device's session, with real session files. */
class DeviceSessionTest {

    static final byte[] NWK = Bytes.fromHex("44024241ed4ce9a68c6a8bc055233fd3");
    static final byte[] APP = Bytes.fromHex("ec925802ae430ca77fd3dd73cb2cc588");
    static final byte[] APP_KEY = Bytes.fromHex("98929b92c49edba9676d646d3b612456");
    static final int DEV_ADDR = 0x49be7df1;

    @TempDir
    Path dir;

    static LoraDeviceOptions abp(boolean counterReset) {
        return new LoraDeviceOptions(0x0102030405060708L, false, null, new byte[0], DEV_ADDR, NWK, APP, "", "s1",
                counterReset);
    }

    static LoraDeviceOptions otaa() {
        return new LoraDeviceOptions(0x3331383274356905L, true, null, APP_KEY, 0, new byte[0], new byte[0], "",
                "s2", false);
    }

    static DataFrame up(long fCnt, String payloadHex) {
        return DataFrame.build(MType.UNCONFIRMED_DATA_UP, DEV_ADDR, 0, fCnt, new byte[0], 1,
                Bytes.fromHex(payloadHex), new AesCmac(NWK), new Aes128(APP));
    }

    @Test
    void acceptsIncreasingCountersAndRejectsReplayOfOlderFrame() throws Exception {
        DeviceSession session = new DeviceSession(abp(false), new SessionStore(dir));

        assertThat(session.acceptUplink(up(0, "01")).payload()).containsExactly(1);
        assertThat(session.acceptUplink(up(5, "02")).fCnt32()).isEqualTo(5);

        assertThatThrownBy(() -> session.acceptUplink(up(3, "03")))
                .isInstanceOf(DropException.class).extracting(e -> ((DropException) e).reason()).isEqualTo("replay");
        assertThatThrownBy(() -> session.acceptUplink(up(0, "01")))
                .extracting(e -> ((DropException) e).reason()).isEqualTo("replay");
    }

    @Test
    void takesTheLastFrameAgainAsRetransmissionWithItsCounter() throws Exception {
        DeviceSession session = new DeviceSession(abp(false), new SessionStore(dir));
        session.acceptUplink(up(7, "aa"));

        DeviceSession.Uplink again = session.acceptUplink(up(7, "aa"));

        assertThat(again.retransmission()).isTrue();
        assertThat(again.fCnt32()).isEqualTo(7);
    }

    @Test
    void reconstructsCountersAboveSixteenBits() throws Exception {
        DeviceSession session = new DeviceSession(abp(false), new SessionStore(dir));
        session.acceptUplink(up(65_534, "01"));

        DeviceSession.Uplink wrapped = session.acceptUplink(up(65_537, "02"));

        assertThat(wrapped.fCnt32()).isEqualTo(65_537);
        assertThat(wrapped.payload()).containsExactly(2);
    }

    @Test
    void rejectsBadMic() throws Exception {
        DeviceSession session = new DeviceSession(abp(false), new SessionStore(dir));
        byte[] phy = up(1, "01").phy();
        phy[phy.length - 1] ^= 1;

        assertThatThrownBy(() -> session.acceptUplink((DataFrame) io.cityhub.sensor.lora.lorawan.PhyPayload.parse(phy)))
                .extracting(e -> ((DropException) e).reason()).isEqualTo("bad_mic");
    }

    @Test
    void counterResetOfAbpDeviceOnlyWithTheRelaxationAndThenInANewEpoch() throws Exception {
        DeviceSession strict = new DeviceSession(abp(false), new SessionStore(dir.resolve("strict")));
        strict.acceptUplink(up(60_000, "01"));
        // without the relaxation a restarted counter is an old counter: a replay
        assertThatThrownBy(() -> strict.acceptUplink(up(0, "02")))
                .extracting(e -> ((DropException) e).reason()).isEqualTo("replay");

        DeviceSession relaxed = new DeviceSession(abp(true), new SessionStore(dir.resolve("relaxed")));
        DeviceSession.Uplink first = relaxed.acceptUplink(up(60_000, "01"));
        DeviceSession.Uplink reset = relaxed.acceptUplink(up(0, "02"));

        assertThat(reset.fCnt32()).isZero();
        assertThat(reset.epoch()).isEqualTo(first.epoch() + 1);
    }

    @Test
    void restartResumesUplinkCounterSoAReplayAfterACrashIsRejected() throws Exception {
        DeviceSession before = new DeviceSession(abp(false), new SessionStore(dir));
        before.acceptUplink(up(10, "01"));
        before.acceptUplink(up(11, "02"));

        // a new instance reads only what reached the disk
        DeviceSession after = new DeviceSession(abp(false), new SessionStore(dir));

        assertThatThrownBy(() -> after.acceptUplink(up(10, "01")))
                .extracting(e -> ((DropException) e).reason()).isEqualTo("replay");
        assertThat(after.acceptUplink(up(11, "02")).retransmission()).isTrue();
        assertThat(after.acceptUplink(up(12, "03")).retransmission()).isFalse();
    }

    @Test
    void downlinkCounterIsPersistedAheadAndResumedAboveEverythingUsed() throws Exception {
        DeviceSession before = new DeviceSession(abp(false), new SessionStore(dir));
        long a = before.nextFCntDown();
        long b = before.nextFCntDown();
        assertThat(new SessionStore(dir).load(0x0102030405060708L).orElseThrow().fCntDownReserved())
                .isEqualTo(DeviceSession.DOWNLINK_COUNTER_MARGIN);
        for (int i = 0; i < DeviceSession.DOWNLINK_COUNTER_MARGIN; i++) {
            before.nextFCntDown();
        }

        DeviceSession after = new DeviceSession(abp(false), new SessionStore(dir));

        assertThat(a).isZero();
        assertThat(b).isEqualTo(1);
        assertThat(after.nextFCntDown()).isEqualTo(2 * DeviceSession.DOWNLINK_COUNTER_MARGIN);
    }

    @Test
    void changedAbpKeysStartANewSessionEpoch() throws Exception {
        DeviceSession old = new DeviceSession(abp(false), new SessionStore(dir));
        old.acceptUplink(up(100, "01"));
        LoraDeviceOptions rekeyed = new LoraDeviceOptions(0x0102030405060708L, false, null, new byte[0], DEV_ADDR,
                APP, NWK, "", "s1", false);

        DeviceSession fresh = new DeviceSession(rekeyed, new SessionStore(dir));

        assertThat(fresh.state().epoch()).isEqualTo(old.state().epoch() + 1);
        assertThat(fresh.state().fCntUpNext()).isZero();
    }

    @Test
    void otaaJoinDerivesKeysPersistsThemAndRefusesAUsedDevNonce() throws Exception {
        DeviceSession session = new DeviceSession(otaa(), new SessionStore(dir));
        assertThat(session.active()).isFalse();
        AesCmac appKey = new AesCmac(APP_KEY);
        JoinRequest request = JoinRequest.build(0xaa13693363343639L, 0x3331383274356905L, 0xf18e, appKey);

        JoinAccept accept = session.join(request, 0xaabbcc, 0x01020304, 0, 1, new byte[0]);

        // the device opens the accept and derives the same keys
        JoinAccept opened = JoinAccept.open(appKey.aes(), new EncryptedJoinAccept(accept.seal(appKey)));
        assertThat(opened.micValid(appKey)).isTrue();
        LorawanCrypto.SessionKeys keys = LorawanCrypto.sessionKeys(appKey.aes(), opened.joinNonce(), opened.netId(),
                0xf18e);
        SessionState stored = new SessionStore(dir).load(0x3331383274356905L).orElseThrow();
        assertThat(stored.nwkSKey()).isEqualTo(keys.nwkSKey());
        assertThat(stored.appSKey()).isEqualTo(keys.appSKey());
        assertThat(stored.devAddr()).isEqualTo(0x01020304);
        assertThatThrownBy(() -> session.join(request, 0xaabbcc, 0x01020304, 0, 1, new byte[0]))
                .extracting(e -> ((DropException) e).reason()).isEqualTo("dev_nonce_reused");
        // a restart keeps the used DevNonces too
        assertThatThrownBy(() -> new DeviceSession(otaa(), new SessionStore(dir)).join(request, 0xaabbcc,
                0x01020304, 0, 1, new byte[0])).extracting(e -> ((DropException) e).reason())
                .isEqualTo("dev_nonce_reused");
    }

    @Test
    void joinWithWrongAppKeyIsBadMic() throws Exception {
        DeviceSession session = new DeviceSession(otaa(), new SessionStore(dir));
        JoinRequest forged = JoinRequest.build(1, 0x3331383274356905L, 1, new AesCmac(NWK));

        assertThatThrownBy(() -> session.join(forged, 0, 1, 0, 1, new byte[0]))
                .extracting(e -> ((DropException) e).reason()).isEqualTo("bad_mic");
        assertThat(session.active()).isFalse();
    }

    @Test
    void unreadableSessionFileFailsInsteadOfStartingOver() throws Exception {
        Files.writeString(dir.resolve("0102030405060708.session"), "devEui=0102030405060708\nepoch=x\n");

        assertThatThrownBy(() -> new DeviceSession(abp(false), new SessionStore(dir)))
                .isInstanceOf(IOException.class).hasMessageContaining("not a valid session file");
    }

    @Test
    void anOldPerDeviceSessionFileIsStillReadAndItsCounterKept() throws Exception {
        // what an earlier version wrote: one properties file per device
        Files.writeString(dir.resolve("0102030405060708.session"), "devEui=0102030405060708\ndevAddr=49be7df1\n"
                + "nwkSKey=" + Bytes.hex(NWK) + "\nappSKey=" + Bytes.hex(APP) + "\nepoch=3\nfCntUpNext=42\n"
                + "uplinkSeen=true\nfCntDownReserved=128\njoinNonce=0\ndevNonces=\n");

        DeviceSession session = new DeviceSession(abp(false), new SessionStore(dir));

        assertThat(session.state().epoch()).isEqualTo(3);
        assertThatThrownBy(() -> session.acceptUplink(up(40, "01")))
                .extracting(e -> ((DropException) e).reason()).isEqualTo("replay");
        assertThat(session.acceptUplink(up(42, "02")).epoch()).isEqualTo(3);
        assertThat(session.nextFCntDown()).isEqualTo(128);
        assertThat(new SessionStore(dir).load(0x0102030405060708L).orElseThrow().fCntUpNext()).isEqualTo(43);
    }

    @Test
    void aSaveLeavesNoTempFileBehind() throws Exception {
        new DeviceSession(abp(false), new SessionStore(dir, 1, new LoraCounters(Clock.systemUTC(),
                LoggerFactory.getLogger(DeviceSessionTest.class)))).acceptUplink(up(1, "01"));

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder(SessionStore.JOURNAL, SessionStore.SNAPSHOT);
        }
    }
}
