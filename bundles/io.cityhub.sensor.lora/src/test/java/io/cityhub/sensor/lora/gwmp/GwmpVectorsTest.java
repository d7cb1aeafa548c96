package io.cityhub.sensor.lora.gwmp;

import static io.cityhub.sensor.lora.lorawan.Vectors.hex;
import static io.cityhub.sensor.lora.lorawan.Vectors.section;
import static io.cityhub.sensor.lora.lorawan.Vectors.str;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.Vectors;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The GWMP datagram vectors of vectors.json, and malformed datagrams. */
class GwmpVectorsTest {

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> cases() {
        return (List<Map<String, Object>>) section(Vectors.all(), "gwmp_datagrams").get("cases");
    }

    @TestFactory
    Stream<DynamicTest> everyDatagramVectorPasses() {
        assertThat(cases()).hasSize(8);
        return cases().stream().map(c -> DynamicTest.dynamicTest(str(c, "id"), () -> check(c)));
    }

    private static void check(Map<String, Object> c) throws Exception {
        byte[] datagram = hex(str(c, "datagram_hex"));
        Map<String, Object> e = section(c, "expected");

        GwmpDatagram d = GwmpDatagram.parse(datagram, datagram.length);

        assertThat((long) d.version()).isEqualTo(Vectors.num(e, "version"));
        assertThat(Bytes.hex(d.token(), 4)).isEqualTo(str(e, "token_hex"));
        assertThat(d.type().name()).isEqualTo(str(e, "type"));
        if (e.containsKey("gateway_eui")) {
            assertThat(Bytes.hex(d.gatewayEui(), 16)).isEqualTo(str(e, "gateway_eui"));
        }
        if (e.containsKey("json")) {
            assertThat(d.json()).isEqualTo(e.get("json"));
        }
        switch (d.type()) {
            case PUSH_ACK, PULL_ACK -> assertThat(Bytes.hex(GwmpDatagram.ack(d.version(), d.token(), d.type())))
                    .isEqualTo(str(c, "datagram_hex"));
            case PUSH_DATA, PULL_DATA, TX_ACK -> {
                if (!str(c, "id").equals("gwb-tx-ack-trailing-zero")) {
                    assertThat(Bytes.hex(GwmpDatagram.fromGateway(d.token(), d.type(), d.gatewayEui(), d.json())))
                            .isEqualTo(str(c, "datagram_hex"));
                }
            }
            default -> throw new AssertionError(d.type());
        }
        if (e.containsKey("rxpk_count")) {
            assertThat(d.json()).isEqualTo(str(c, "json"));
            PushData push = PushData.parse(d.json());
            assertThat((long) push.packets().size()).isEqualTo(Vectors.num(e, "rxpk_count"));
            Rxpk rx = push.packets().get(0);
            assertThat(Bytes.hex(rx.data())).isEqualTo(str(e, "phy_payload_hex"));
            assertThat(rx.tmst()).isEqualTo(3_512_348_611L);
            assertThat(rx.freqMhz()).isEqualTo(868.1);
            assertThat(rx.datr()).isEqualTo("SF7BW125");
            assertThat(rx.rssi()).isEqualTo(-35);
            assertThat(rx.lsnr()).isEqualTo(9.5);
            assertThat(rx.crcStatus()).isEqualTo(1);
            assertThat(Bytes.hex(GwmpDatagram.ack(d.version(), d.token(), GwmpDatagram.Type.PUSH_ACK)))
                    .isEqualTo(str(e, "reply_hex"));
        }
    }

    @Test
    void rejectsShortUnknownVersionAndUnknownTypeByReason() {
        assertThatThrownBy(() -> GwmpDatagram.parse(new byte[] {2, 1, 2}, 3))
                .extracting(t -> ((GwmpException) t).reason()).isEqualTo(GwmpException.Reason.TRUNCATED);
        assertThatThrownBy(() -> GwmpDatagram.parse(new byte[] {3, 1, 2, 0}, 4))
                .extracting(t -> ((GwmpException) t).reason()).isEqualTo(GwmpException.Reason.UNKNOWN_VERSION);
        assertThatThrownBy(() -> GwmpDatagram.parse(new byte[] {2, 1, 2, 9}, 4))
                .extracting(t -> ((GwmpException) t).reason()).isEqualTo(GwmpException.Reason.UNKNOWN_TYPE);
        assertThatThrownBy(() -> GwmpDatagram.parse(new byte[] {2, 1, 2, 0, 1, 2, 3}, 7))
                .extracting(t -> ((GwmpException) t).reason()).isEqualTo(GwmpException.Reason.TRUNCATED);
    }

    @Test
    void rejectsBadJsonButKeepsGoodRxpkBesideBadBase64() throws GwmpException {
        assertThatThrownBy(() -> PushData.parse("{\"rxpk\":[")).extracting(t -> ((GwmpException) t).reason())
                .isEqualTo(GwmpException.Reason.BAD_JSON);
        assertThatThrownBy(() -> PushData.parse("[1]")).hasMessageContaining("not an object");
        assertThatThrownBy(() -> PushData.parse("{\"rxpk\":{}}")).hasMessageContaining("not an array");

        // the PROTOCOL.md example's data is not standard base64; the other entry must survive
        PushData push = PushData.parse("{\"rxpk\":[{\"tmst\":1,\"freq\":868.1,\"data\":"
                + "\"-DS4CGaDCdG+48eJNM3Vai-zDpsR71Pn9CPA9uCON84\"},{\"tmst\":2,\"freq\":868.3,\"data\":\"QAE=\"},"
                + "{\"tmst\":3,\"data\":\"QAE=\"},{\"tmst\":4,\"freq\":868.5,\"size\":5,\"data\":\"QAE=\"}],"
                + "\"stat\":{\"rxnb\":2,\"temp\":41.5}}");

        assertThat(push.packets()).extracting(Rxpk::tmst).containsExactly(2L);
        assertThat(push.rejected()).extracting(GwmpException::reason).containsExactly(
                GwmpException.Reason.BAD_BASE64, GwmpException.Reason.BAD_JSON, GwmpException.Reason.BAD_BASE64);
        assertThat(push.stat()).containsEntry("rxnb", 2L).containsEntry("temp", 41.5);
    }

    @Test
    void jsonReaderRefusesDeepNestingAndTrailingGarbage() {
        String deep = "[".repeat(Json.MAX_DEPTH + 2) + "]".repeat(Json.MAX_DEPTH + 2);
        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Json.parse("{\"a\":01}")).hasMessageContaining("bad number");
        assertThatThrownBy(() -> Json.parse("\"\\q\"")).hasMessageContaining("bad escape");
    }

    @Test
    void txpkCarriesInvertedPolarityAndBase64Data() throws Exception {
        String json = new Txpk(4_294_967_295L, 869.525, 0, 14, "SF12BW125", "4/5", new byte[] {0x60, 1})
                .toJson();
        @SuppressWarnings("unchecked")
        Map<String, Object> txpk = (Map<String, Object>) ((Map<String, Object>) Json.parse(json)).get("txpk");
        assertThat(txpk).containsEntry("tmst", 4_294_967_295L).containsEntry("freq", 869.525)
                .containsEntry("ipol", true).containsEntry("datr", "SF12BW125").containsEntry("size", 2L)
                .containsEntry("data", "YAE=").containsEntry("powe", 14L);
        byte[] resp = GwmpDatagram.pullResp(0xabcd, json);
        GwmpDatagram d = GwmpDatagram.parse(resp, resp.length);
        assertThat(d.type()).isEqualTo(GwmpDatagram.Type.PULL_RESP);
        assertThat(d.token()).isEqualTo(0xabcd);
        assertThat(d.json().getBytes(StandardCharsets.UTF_8)).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }
}
