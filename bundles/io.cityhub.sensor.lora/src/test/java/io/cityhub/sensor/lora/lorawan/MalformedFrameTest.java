package io.cityhub.sensor.lora.lorawan;

import static io.cityhub.sensor.lora.lorawan.MalformedFrameException.Reason.BAD_MAC_COMMAND;
import static io.cityhub.sensor.lora.lorawan.MalformedFrameException.Reason.INVALID_FIELD;
import static io.cityhub.sensor.lora.lorawan.MalformedFrameException.Reason.TRUNCATED;
import static io.cityhub.sensor.lora.lorawan.MalformedFrameException.Reason.UNSUPPORTED_VERSION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MalformedFrameTest {

    @Test
    void rejectsEmptyFrame() {
        assertThatThrownBy(() -> PhyPayload.parse(new byte[0])).isInstanceOf(MalformedFrameException.class)
                .hasMessageContaining("empty").extracting(e -> ((MalformedFrameException) e).reason())
                .isEqualTo(TRUNCATED);
    }

    @Test
    void rejectsDataFrameShorterThanTwelveBytes() {
        byte[] phy = Bytes.fromHex("40f17dbe4900020001954378762b11ff0d");
        assertThatThrownBy(() -> PhyPayload.parse(Arrays.copyOf(phy, 11)))
                .hasMessageContaining("UnconfirmedDataUp has 11 bytes")
                .extracting(e -> ((MalformedFrameException) e).reason()).isEqualTo(TRUNCATED);
    }

    @Test
    void rejectsMajorVersionOtherThanR1() {
        byte[] phy = Bytes.fromHex("41f17dbe4900020001954378762b11ff0d");
        assertThatThrownBy(() -> PhyPayload.parse(phy)).hasMessageContaining("major version 1")
                .extracting(e -> ((MalformedFrameException) e).reason()).isEqualTo(UNSUPPORTED_VERSION);
    }

    @Test
    void rejectsFOptsLenRunningPastTheMic() {
        // FCtrl 0x0f: 15 bytes of FOpts announced in a 17-byte frame
        byte[] phy = Bytes.fromHex("40f17dbe490f020001954378762b11ff0d");
        assertThatThrownBy(() -> PhyPayload.parse(phy)).hasMessageContaining("FOptsLen 15")
                .extracting(e -> ((MalformedFrameException) e).reason()).isEqualTo(TRUNCATED);
    }

    @Test
    void rejectsMacCommandsInFOptsAndFPortZeroTogether() {
        // FCtrl 0x01 (one FOpts byte 0x02), then FPort 0 and one payload byte
        byte[] phy = Bytes.fromHex("40f17dbe4901020002000011223344");
        assertThatThrownBy(() -> PhyPayload.parse(phy)).hasMessageContaining("FPort 0 with 1 bytes of FOpts")
                .extracting(e -> ((MalformedFrameException) e).reason()).isEqualTo(INVALID_FIELD);
    }

    @Test
    void rejectsJoinFramesOfTheWrongLength() {
        byte[] request = Bytes.fromHex("0039363463336913aa05693574323831330489c65b1304");
        assertThatThrownBy(() -> PhyPayload.parse(Arrays.copyOf(request, 22))).hasMessageContaining("expected 23");
        assertThatThrownBy(() -> PhyPayload.parse(Arrays.copyOf(request, 24))).hasMessageContaining("expected 23")
                .extracting(e -> ((MalformedFrameException) e).reason()).isEqualTo(INVALID_FIELD);
        byte[] accept = Bytes.fromHex("20493eeb51fba2116f810edb3742975142");
        assertThatThrownBy(() -> PhyPayload.parse(Arrays.copyOf(accept, 20)))
                .hasMessageContaining("join accept has 20");
    }

    @Test
    void rejectsTruncatedMacCommandButKeepsUnknownTail() throws MalformedFrameException {
        // LinkADRAns needs one status byte
        assertThatThrownBy(() -> MacCommand.parseAll(new byte[] {0x03}, true))
                .hasMessageContaining("LinkADRAns needs 1")
                .extracting(e -> ((MalformedFrameException) e).reason()).isEqualTo(BAD_MAC_COMMAND);
        List<MacCommand> commands = MacCommand.parseAll(new byte[] {0x02, 0x7f, 0x01, 0x02}, true);
        assertThat(commands).extracting(MacCommand::name).containsExactly("LinkCheckReq", "Unknown");
        assertThat(commands.get(1).payload()).containsExactly(0x01, 0x02);
    }

    @Test
    void parsesProprietaryAndRejoinWithoutStructure() throws MalformedFrameException {
        assertThat(PhyPayload.parse(new byte[] {(byte) 0xe3, 1, 2})).isInstanceOf(OpaqueFrame.class)
                .extracting(PhyPayload::mtype).isEqualTo(MType.PROPRIETARY);
        assertThat(PhyPayload.parse(new byte[] {(byte) 0xc0, 1}).mtype()).isEqualTo(MType.REJOIN_REQUEST);
    }

    @Test
    void anyPrefixOrRandomMutationOfEveryVectorRaisesOnlyTheTypedException() {
        Random random = new Random(20261130L);
        int parsed = 0;
        int rejected = 0;
        for (Map<String, Object> v : Vectors.frames()) {
            if (!v.containsKey("phy_payload_hex")) {
                continue;
            }
            byte[] phy = Bytes.fromHex((String) v.get("phy_payload_hex"));
            for (int len = 0; len <= phy.length + 2; len++) {
                byte[] candidate = Arrays.copyOf(phy, len);
                for (int round = 0; round < 200; round++) {
                    if (round > 0 && len > 0) {
                        candidate[random.nextInt(len)] = (byte) random.nextInt(256);
                    }
                    try {
                        PhyPayload frame = PhyPayload.parse(candidate.clone());
                        if (frame instanceof DataFrame d && d.fPort() == 0) {
                            MacCommand.parseAll(d.frmPayload(), true);
                        }
                        if (frame instanceof DataFrame d) {
                            MacCommand.parseAll(d.fOpts(), d.mtype().uplink());
                        }
                        parsed++;
                    } catch (MalformedFrameException e) {
                        assertThat(e.getMessage()).isNotBlank();
                        rejected++;
                    }
                }
            }
        }
        // both outcomes occur, so the loop really exercised the error paths
        assertThat(parsed).isPositive();
        assertThat(rejected).isPositive();
    }
}
