package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.sensor.lora.gwmp.Json;
import io.cityhub.sensor.lora.lorawan.AesCmac;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.JoinAccept;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cityhub lorawan decode} against frames of the public LoRaWAN vectors. */
class LorawanDecodeTest {

    private static final String NWK = "44024241ed4ce9a68c6a8bc055233fd3";
    private static final String APP = "ec925802ae430ca77fd3dd73cb2cc588";

    @Test
    void decodesUplinkWithKeysInHex() throws Exception {
        Map<String, Object> out =
                ok("decode", "40f17dbe4900020001954378762b11ff0d", "--nwkskey", NWK, "--appskey", APP);

        assertThat(out).containsEntry("mtype", "UnconfirmedDataUp").containsEntry("devAddr", "49be7df1")
                .containsEntry("fCnt", 2L).containsEntry("fOpts", "").containsEntry("fPort", 1L)
                .containsEntry("frmPayload", "95437876").containsEntry("payload", "74657374")
                .containsEntry("mic", "2b11ff0d").containsEntry("micValid", true)
                .doesNotContainKeys("fCnt32", "macCommands");
        assertThat(out.get("fCtrl")).isEqualTo(Map.of("adr", false, "adrAckReq", false, "ack", false,
                "classB", false, "fOptsLen", 0L));
    }

    @Test
    void decodesBase64AndReportsBadMicWithoutPayloadWhenNoAppSKey() throws Exception {
        Map<String, Object> out = ok("decode", "QPF9vkkAAwABKjUYqg==", "--nwkskey", NWK);

        assertThat(out).containsEntry("micValid", false).containsEntry("frmPayload", "")
                .doesNotContainKey("payload");
    }

    @Test
    void decodesDownlinkAckFlags() throws Exception {
        Map<String, Object> out = ok("decode", "60f17dbe4920020001f9d65d27", "--nwkskey", NWK);

        assertThat(out).containsEntry("mtype", "UnconfirmedDataDown").containsEntry("micValid", true);
        assertThat(out.get("fCtrl")).isEqualTo(Map.of("adr", false, "ack", true, "fPending", false, "fOptsLen", 0L));
    }

    @Test
    void usesUpperCounterBitsForMicAndDecryption() throws Exception {
        String frame = "4004030201800b0002431ef3c7165875646c9066dcca2b047e7f6057a929";
        String nwk = "05050505050505050505050505050505";
        String app = "06060606060606060606060606060606";

        Map<String, Object> without = ok("decode", frame, "--nwkskey", nwk, "--appskey", app);
        Map<String, Object> with = ok("decode", frame, "--nwkskey", nwk, "--appskey", app, "--fcnt-msb", "1");

        assertThat(without).containsEntry("micValid", false)
                .containsEntry("payload", "841bdb3541dc6650480839b32a5afe8f39");
        assertThat(with).containsEntry("micValid", true).containsEntry("fCnt", 11L).containsEntry("fCnt32", 65547L)
                .containsEntry("payload", "0102030405060708090a0b0c0d0e0f1011");
    }

    @Test
    void decodesMacCommandsOfFPortZeroWithTheNetworkKey() throws Exception {
        Map<String, Object> out = ok("decode", "40040302010000000069369eee6aa508", "--nwkskey",
                "01010101010101010101010101010101");

        assertThat(out).containsEntry("fPort", 0L).containsEntry("payload", "020305");
        assertThat(out.get("macCommands")).isEqualTo(List.of(
                Map.of("cid", 2L, "name", "LinkCheckReq", "payload", ""),
                Map.of("cid", 3L, "name", "LinkADRAns", "payload", "05")));
    }

    @Test
    void decodesJoinRequest() throws Exception {
        Map<String, Object> out = ok("decode", "0039363463336913aa05693574323831330489c65b1304", "--appkey",
                "98929b92c49edba9676d646d3b612456");

        assertThat(out).isEqualTo(Map.of("mtype", "JoinRequest", "joinEui", "aa13693363343639",
                "devEui", "3331383274356905", "devNonce", "8904", "mic", "c65b1304", "micValid", true));
    }

    @Test
    void decodesJoinAccept() throws Exception {
        Map<String, Object> out = ok("decode", "IEk+61H7ohFvgQ7bN0KXUUI=", "--appkey",
                "00112233445566778899aabbccddeeff");

        assertThat(out).containsEntry("joinNonce", "570bc7").containsEntry("netId", "221101")
                .containsEntry("devAddr", "02031980").containsEntry("rxDelay", 0L).containsEntry("cfList", "")
                .containsEntry("mic", "43485bbc").containsEntry("micValid", true).doesNotContainKey("nwkSKey");
        assertThat(out.get("dlSettings")).isEqualTo(Map.of("rx1DrOffset", 0L, "rx2DataRate", 0L));
    }

    @Test
    void derivesSessionKeysOfJoinAcceptWithDevNonce() throws Exception {
        // lp-session-keys: AppKey, AppNonce 376338, NetID aabbcc, DevNonce f18e -> the published session keys
        String appKey = "98929b92c49edba9676d646d3b612456";
        byte[] frame = new JoinAccept(0x376338, 0xaabbcc, 0x01020304, 0x12, 1,
                JoinAccept.eu868CfList(867_100_000, 867_300_000), new byte[4]).seal(new AesCmac(Bytes.fromHex(appKey)));

        Map<String, Object> out = ok("decode", Bytes.hex(frame), "--appkey", appKey, "--dev-nonce", "f18e");

        assertThat(out).containsEntry("joinNonce", "376338").containsEntry("netId", "aabbcc")
                .containsEntry("micValid", true).containsEntry("nwkSKey", "4e3d6e6afbcc67af2ba3c8e8ec4acf4b")
                .containsEntry("appSKey", "610897aa6f1460623443b527d3ac6a9d")
                .containsEntry("cfList", "184f84e8568400000000000000000000");
        assertThat(out.get("dlSettings")).isEqualTo(Map.of("rx1DrOffset", 1L, "rx2DataRate", 2L));
    }

    @Test
    void framesAndOptionsItCannotUseGiveExitTwoAndAnError() throws Exception {
        assertError(LorawanDecode.run(new String[] {"decode", "40f17dbe49"}), "malformed frame (truncated)");
        assertError(LorawanDecode.run(new String[] {"decode", "41f17dbe4900020001954378762b11ff0d"}),
                "major version");
        assertError(LorawanDecode.run(new String[] {"decode", "not*base64"}), "neither hex nor base64");
        assertError(LorawanDecode.run(new String[] {"decode", "40f17dbe4900020001954378762b11ff0d", "--nwkskey",
                "abcd"}), "--nwkskey needs 32 hex digits");
        assertError(LorawanDecode.run(new String[] {"decode", "40f17dbe4900020001954378762b11ff0d", "--fcnt-msb",
                "70000"}), "--fcnt-msb must be");
        assertError(LorawanDecode.run(new String[] {"decode"}), "no FRAME");
        assertError(LorawanDecode.run(new String[] {"frobnicate"}), "usage");
        assertError(LorawanDecode.run(new String[] {"decode", "00", "--bogus", "1"}), "unknown option --bogus");
    }

    private static void assertError(LorawanDecode.Result result, String fragment) throws Exception {
        assertThat(result.exitCode()).isEqualTo(2);
        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) Json.parse(result.json());
        assertThat(out).containsOnlyKeys("error");
        assertThat((String) out.get("error")).contains(fragment);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> ok(String... args) throws Exception {
        LorawanDecode.Result result = LorawanDecode.run(args);
        assertThat(result.exitCode()).as(result.json()).isZero();
        return (Map<String, Object>) Json.parse(result.json());
    }
}
