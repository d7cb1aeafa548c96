package io.cityhub.sensor.coap.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A constrained sensor that sends Block1 without announcing the body's size (Size1 is optional, RFC 7959 §4)
 * still learns the limit: the 4.13 that Californium's block-wise layer sends when the body outgrows it carries
 * Size1 (RFC 7959 §2.9.3).
 */
@Timeout(60)
class CoapBlockwiseSize1Test {

    private final LoopbackFixture fixture = new LoopbackFixture();
    private CoapSensorServer server;

    @AfterEach
    void stop() {
        fixture.close();
        if (server != null) {
            server.deactivate();
        }
    }

    @Test
    void a413ForABlock1BodyWithoutSize1CarriesTheLimit() throws Exception {
        server = new CoapSensorServer(TestConfig.LOOPBACK.withMaxPayload(1500).options(), fixture.ingest,
                fixture.clock);
        byte[] body = LoopbackFixture.senmlOfSize(3072);
        try (DatagramSocket sensor = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            sensor.setSoTimeout(10_000);
            byte[] first = exchange(sensor, block(0, true, Arrays.copyOfRange(body, 0, 1024)));
            assertThat(code(first)).as("block 0").isEqualTo("2.31");

            byte[] second = exchange(sensor, block(1, true, Arrays.copyOfRange(body, 1024, 2048)));

            assertThat(code(second)).as("block 1, body now above 1500 bytes").isEqualTo("4.13");
            assertThat(size1(second)).isEqualTo(1500);
        }
    }

    /** @return a CON POST /readings carrying block {@code num} of size 1024 (SZX 6), without Size1 */
    private static byte[] block(int num, boolean more, byte[] part) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0x41, 0x02, 0x70, (byte) num, 0x5A}); // ver 1, CON, token length 1; POST; MID; token
        out.write(0xB8); // Uri-Path (11), length 8
        out.write("readings".getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[] {0x11, 110}); // Content-Format (12): application/senml+json
        // Block1 (27 = 12 + 15): delta 15 is written as 13 plus one extended byte of 2 (RFC 7252 §3.1)
        out.write(new byte[] {(byte) 0xD1, 2, (byte) (num << 4 | (more ? 0x08 : 0) | 6)});
        out.write(0xFF);
        out.write(part);
        return out.toByteArray();
    }

    private byte[] exchange(DatagramSocket sensor, byte[] request) throws IOException {
        sensor.send(new DatagramPacket(request, request.length, server.address()));
        byte[] in = new byte[1500];
        DatagramPacket packet = new DatagramPacket(in, in.length);
        try {
            sensor.receive(packet);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within 10 s", e);
        }
        return Arrays.copyOf(in, packet.getLength());
    }

    private static String code(byte[] message) {
        int code = message[1] & 0xFF;
        return (code >> 5) + "." + String.format("%02d", code & 0x1F);
    }

    /** @return the Size1 option (60) of a response, or -1 if it has none */
    private static int size1(byte[] message) {
        int at = 4 + (message[0] & 0x0F);
        int number = 0;
        while (at < message.length && (message[at] & 0xFF) != 0xFF) {
            int delta = (message[at] & 0xF0) >> 4;
            int length = message[at] & 0x0F;
            at++;
            if (delta == 13) {
                delta = 13 + (message[at++] & 0xFF);
            } else if (delta == 14) {
                delta = 269 + ((message[at] & 0xFF) << 8 | message[at + 1] & 0xFF);
                at += 2;
            }
            if (length == 13) {
                length = 13 + (message[at++] & 0xFF);
            } else if (length == 14) {
                length = 269 + ((message[at] & 0xFF) << 8 | message[at + 1] & 0xFF);
                at += 2;
            }
            number += delta;
            if (number == 60) {
                int value = 0;
                for (int i = 0; i < length; i++) {
                    value = value << 8 | message[at + i] & 0xFF;
                }
                return value;
            }
            at += length;
        }
        return -1;
    }
}
