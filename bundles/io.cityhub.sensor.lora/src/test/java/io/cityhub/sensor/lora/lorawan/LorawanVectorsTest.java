package io.cityhub.sensor.lora.lorawan;

import static io.cityhub.sensor.lora.lorawan.Vectors.hex;
import static io.cityhub.sensor.lora.lorawan.Vectors.num;
import static io.cityhub.sensor.lora.lorawan.Vectors.section;
import static io.cityhub.sensor.lora.lorawan.Vectors.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every public vector of vectors.json (frames, joins, keys, primitives, counters, DevAddr types). */
class LorawanVectorsTest {

    @TestFactory
    Stream<DynamicTest> everyFrameVectorPasses() {
        return Vectors.frames().stream().map(v -> DynamicTest.dynamicTest(str(v, "id"), () -> check(v)));
    }

    @Test
    void coversEveryVectorInTheFile() {
        // a vector the dispatcher does not know would otherwise pass silently
        assertThat(Vectors.frames()).hasSize(13);
    }

    private static void check(Map<String, Object> v) throws Exception {
        switch (str(v, "category")) {
            case "uplink", "downlink", "negative", "uplink_large_fcnt" -> checkDataFrame(v);
            case "join_request" -> checkJoinRequest(v);
            case "join_accept" -> checkJoinAccept(v);
            case "key_derivation" -> checkKeyDerivation(v);
            case "primitive_cmac" -> checkCmac(v);
            case "primitive_frm_crypt" -> checkFrmCrypt(v);
            case "primitive_mic" -> checkB0Mic(v);
            default -> fail("vector category without a check: " + str(v, "category"));
        }
    }

    private static void checkDataFrame(Map<String, Object> v) throws MalformedFrameException {
        byte[] phy = hex(str(v, "phy_payload_hex"));
        assertThat(Base64.getDecoder().decode(str(v, "phy_payload_b64"))).isEqualTo(phy);
        Map<String, Object> e = section(v, "expected");
        Map<String, Object> keys = section(v, "keys");
        AesCmac nwk = new AesCmac(hex(str(keys, "nwk_s_key")));
        Aes128 app = new Aes128(hex(str(keys, "app_s_key")));

        DataFrame f = (DataFrame) PhyPayload.parse(phy);

        assertThat(f.mtype().displayName()).isEqualTo(str(e, "mtype"));
        assertThat(Bytes.hex(f.devAddr() & 0xffffffffL, 8)).isEqualTo(str(e, "dev_addr"));
        assertThat(f.fCnt16()).isEqualTo(num(e, "fcnt16"));
        assertThat(f.fPort()).isEqualTo(num(e, "fport"));
        assertThat(Bytes.hex(f.mic())).isEqualTo(str(e, "mic_hex"));
        if (e.containsKey("fctrl")) {
            assertThat(Bytes.hex(f.fCtrl(), 2)).isEqualTo(str(e, "fctrl"));
            assertThat(Bytes.hex(f.fOpts())).isEqualTo(str(e, "fopts_hex"));
            assertThat(Bytes.hex(f.frmPayload())).isEqualTo(str(e, "frm_payload_hex"));
        }
        if (e.containsKey("ack")) {
            assertThat(f.ack()).isEqualTo(e.get("ack"));
        }
        if (e.containsKey("adr")) {
            assertThat(f.adr()).isEqualTo(e.get("adr"));
        }
        long fCnt32 = num(e, "fcnt32");
        assertThat(FrameCounter.reconstruct(fCnt32 & ~0xffffL, f.fCnt16())).isEqualTo(fCnt32);
        assertThat(f.micValid(nwk, fCnt32)).isEqualTo(e.get("mic_valid"));
        if (e.containsKey("calculated_mic_hex")) {
            assertThat(Bytes.hex(LorawanCrypto.dataMic(nwk, f.mtype().uplink(), f.devAddr(), fCnt32, phy,
                    phy.length - 4))).isEqualTo(str(e, "calculated_mic_hex"));
        }
        if (e.containsKey("decrypted_payload_hex")) {
            Aes128 key = f.fPort() == 0 ? nwk.aes() : app;
            assertThat(Bytes.hex(f.decrypt(key, fCnt32))).isEqualTo(str(e, "decrypted_payload_hex"));
        }
        if (e.containsKey("mic_with_fcnt16_only_hex")) {
            assertThat(Bytes.hex(LorawanCrypto.dataMic(nwk, true, f.devAddr(), f.fCnt16(), phy, phy.length - 4)))
                    .isEqualTo(str(e, "mic_with_fcnt16_only_hex"));
            assertThat(f.micValid(nwk, f.fCnt16())).isFalse();
            assertThat(Bytes.hex(f.decrypt(app, f.fCnt16()))).isEqualTo(str(e, "decrypted_with_fcnt16_only_hex"));
        }
        if (f.fPort() == 0) {
            List<String> names = new ArrayList<>();
            for (MacCommand c : MacCommand.parseAll(f.decrypt(nwk.aes(), fCnt32), true)) {
                names.add(c.toString());
            }
            // "LinkCheckReq(0x02); LinkADRAns(0x03) status=0x05"
            assertThat(names).containsExactly("LinkCheckReq", "LinkADRAns(05)");
        }
        // building the same frame from its plaintext gives the same bytes (encrypt + MIC round trip)
        if (Boolean.TRUE.equals(e.get("mic_valid"))) {
            Aes128 key = f.fPort() == 0 ? nwk.aes() : app;
            DataFrame rebuilt = DataFrame.build(f.mtype(), f.devAddr(), f.fCtrl(), fCnt32, f.fOpts(), f.fPort(),
                    f.decrypt(key, fCnt32), nwk, app);
            assertThat(Bytes.hex(rebuilt.phy())).isEqualTo(Bytes.hex(phy));
        }
    }

    private static void checkJoinRequest(Map<String, Object> v) throws MalformedFrameException {
        byte[] phy = hex(str(v, "phy_payload_hex"));
        Map<String, Object> e = section(v, "expected");
        AesCmac appKey = new AesCmac(hex(str(section(v, "keys"), "app_key")));

        JoinRequest r = (JoinRequest) PhyPayload.parse(phy);

        assertThat(r.mtype().displayName()).isEqualTo(str(e, "mtype"));
        assertThat(Bytes.hex(r.joinEui(), 16)).isEqualTo(str(e, "join_eui"));
        assertThat(Bytes.hex(r.devEui(), 16)).isEqualTo(str(e, "dev_eui"));
        assertThat(Bytes.hex(r.devNonce(), 4)).isEqualTo(str(e, "dev_nonce"));
        assertThat(Bytes.hex(r.mic())).isEqualTo(str(e, "mic_hex"));
        assertThat(r.micValid(appKey)).isEqualTo(e.get("mic_valid"));
        assertThat(JoinRequest.build(r.joinEui(), r.devEui(), r.devNonce(), appKey)).isEqualTo(r);
    }

    private static void checkJoinAccept(Map<String, Object> v) throws MalformedFrameException {
        byte[] phy = hex(str(v, "phy_payload_hex"));
        Map<String, Object> e = section(v, "expected");
        AesCmac appKey = new AesCmac(hex(str(section(v, "keys"), "app_key")));

        EncryptedJoinAccept frame = (EncryptedJoinAccept) PhyPayload.parse(phy);
        JoinAccept a = JoinAccept.open(appKey.aes(), frame);

        assertThat(Bytes.hex(LorawanCrypto.openJoinAccept(appKey.aes(), phy)))
                .isEqualTo(str(e, "decrypted_phy_payload_hex"));
        assertThat(Bytes.hex(a.joinNonce(), 6)).isEqualTo(str(e, "join_nonce"));
        assertThat((long) a.joinNonce()).isEqualTo(num(e, "join_nonce_decimal"));
        assertThat(Bytes.hex(a.netId(), 6)).isEqualTo(str(e, "net_id"));
        assertThat(Bytes.hex(a.devAddr() & 0xffffffffL, 8)).isEqualTo(str(e, "dev_addr"));
        assertThat(Bytes.hex(a.dlSettings(), 2)).isEqualTo(str(e, "dl_settings"));
        assertThat((long) a.rxDelay()).isEqualTo(num(e, "rx_delay"));
        assertThat(Bytes.hex(a.cfList())).isEqualTo(str(e, "cflist_hex"));
        assertThat(Bytes.hex(a.mic())).isEqualTo(str(e, "mic_hex"));
        assertThat(a.micValid(appKey)).isEqualTo(e.get("mic_valid"));
        // the gateway's side: sealing the same fields yields the frame on air
        assertThat(Bytes.hex(a.seal(appKey))).isEqualTo(str(v, "phy_payload_hex"));
    }

    private static void checkKeyDerivation(Map<String, Object> v) {
        Map<String, Object> in = section(v, "inputs");
        Map<String, Object> e = section(v, "expected");
        LorawanCrypto.SessionKeys keys = LorawanCrypto.sessionKeys(new Aes128(hex(str(in, "app_key"))),
                Integer.parseInt(str(in, "app_nonce"), 16), Integer.parseInt(str(in, "net_id"), 16),
                Integer.parseInt(str(in, "dev_nonce"), 16));
        assertThat(Bytes.hex(keys.nwkSKey())).isEqualTo(str(e, "nwk_s_key"));
        assertThat(Bytes.hex(keys.appSKey())).isEqualTo(str(e, "app_s_key"));
    }

    @SuppressWarnings("unchecked")
    private static void checkCmac(Map<String, Object> v) {
        AesCmac cmac = new AesCmac(hex(str(section(v, "inputs"), "key")));
        List<Map<String, Object>> cases = (List<Map<String, Object>>) v.get("cases");
        assertThat(cases).hasSize(4);
        for (Map<String, Object> c : cases) {
            byte[] msg = hex(str(c, "msg_hex"));
            assertThat(Bytes.hex(cmac.mac(null, msg, 0, msg.length))).as(str(c, "msg_hex"))
                    .isEqualTo(str(c, "cmac_hex"));
            // the same message split into head and body gives the same tag
            if (msg.length >= 16) {
                byte[] head = java.util.Arrays.copyOf(msg, 16);
                assertThat(Bytes.hex(cmac.mac(head, msg, 16, msg.length - 16))).isEqualTo(str(c, "cmac_hex"));
            }
        }
    }

    private static void checkFrmCrypt(Map<String, Object> v) {
        Map<String, Object> in = section(v, "inputs");
        Map<String, Object> e = section(v, "expected");
        Aes128 key = new Aes128(hex(str(in, "key")));
        int devAddr = (int) Long.parseLong(str(in, "dev_addr"), 16);
        long fCnt = num(in, "fcnt32");
        byte[] plain = hex(str(in, "plaintext_hex"));
        assertThat(Bytes.hex(LorawanCrypto.block(0x01, true, devAddr, fCnt, 1))).isEqualTo(str(e, "a1_uplink_hex"));
        assertThat(Bytes.hex(LorawanCrypto.block(0x01, false, devAddr, fCnt, 1))).isEqualTo(str(e, "a1_downlink_hex"));
        assertThat(Bytes.hex(LorawanCrypto.cryptFrmPayload(key, true, devAddr, fCnt, plain)))
                .isEqualTo(str(e, "uplink_ciphertext_hex"));
        assertThat(Bytes.hex(LorawanCrypto.cryptFrmPayload(key, false, devAddr, fCnt, plain)))
                .isEqualTo(str(e, "downlink_ciphertext_hex"));
    }

    private static void checkB0Mic(Map<String, Object> v) {
        Map<String, Object> in = section(v, "inputs");
        Map<String, Object> e = section(v, "expected");
        AesCmac key = new AesCmac(hex(str(in, "key")));
        int devAddr = (int) Long.parseLong(str(in, "dev_addr"), 16);
        long fCnt = num(in, "fcnt32");
        byte[] msg = hex(str(in, "msg_hex"));
        assertThat(Bytes.hex(LorawanCrypto.block(0x49, true, devAddr, fCnt, msg.length)))
                .isEqualTo(str(e, "b0_uplink_hex"));
        assertThat(Bytes.hex(LorawanCrypto.block(0x49, false, devAddr, fCnt, msg.length)))
                .isEqualTo(str(e, "b0_downlink_hex"));
        assertThat(Bytes.hex(LorawanCrypto.dataMic(key, true, devAddr, fCnt, msg, msg.length)))
                .isEqualTo(str(e, "uplink_mic_hex"));
        assertThat(Bytes.hex(LorawanCrypto.dataMic(key, false, devAddr, fCnt, msg, msg.length)))
                .isEqualTo(str(e, "downlink_mic_hex"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void reconstructsEveryFrameCounterCase() {
        List<Map<String, Object>> cases = (List<Map<String, Object>>) section(Vectors.all(), "fcnt_reconstruction")
                .get("cases");
        assertThat(cases).hasSize(9);
        for (Map<String, Object> c : cases) {
            assertThat(FrameCounter.reconstruct(num(c, "next_expected"), (int) num(c, "received16")))
                    .as(String.valueOf(c.get("note")) + " " + c).isEqualTo(num(c, "expected_full"));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void readsNetIdTypeAndNwkIdOfEveryDevAddrCase() {
        Map<String, Object> section = section(Vectors.all(), "devaddr_netid");
        List<Map<String, Object>> cases = (List<Map<String, Object>>) section.get("cases");
        assertThat(cases).hasSize(8);
        for (Map<String, Object> c : cases) {
            int devAddr = (int) Long.parseLong(str(c, "dev_addr"), 16);
            assertThat(DevAddrs.netIdType(devAddr)).as(str(c, "dev_addr")).isEqualTo(num(c, "netid_type"));
            assertThat(DevAddrs.nwkId(devAddr)).as(str(c, "dev_addr"))
                    .isEqualTo(Integer.parseInt(str(c, "nwk_id_hex"), 16));
            byte[] wire = new byte[4];
            Bytes.putIntLe(wire, 0, devAddr);
            assertThat(Bytes.hex(wire)).isEqualTo(str(c, "wire_hex"));
        }
    }
}
