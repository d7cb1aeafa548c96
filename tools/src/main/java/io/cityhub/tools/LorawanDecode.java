package io.cityhub.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cityhub.sensor.lora.lorawan.Aes128;
import io.cityhub.sensor.lora.lorawan.AesCmac;
import io.cityhub.sensor.lora.lorawan.Bytes;
import io.cityhub.sensor.lora.lorawan.DataFrame;
import io.cityhub.sensor.lora.lorawan.EncryptedJoinAccept;
import io.cityhub.sensor.lora.lorawan.JoinAccept;
import io.cityhub.sensor.lora.lorawan.JoinRequest;
import io.cityhub.sensor.lora.lorawan.LorawanCrypto;
import io.cityhub.sensor.lora.lorawan.MacCommand;
import io.cityhub.sensor.lora.lorawan.MalformedFrameException;
import io.cityhub.sensor.lora.lorawan.PhyPayload;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * {@code cityhub lorawan decode FRAME [--nwkskey HEX] [--appskey HEX] [--appkey HEX] [--dev-nonce HEX]
 * [--fcnt-msb N]}: a field technician's view of one PHYPayload as one JSON object (issue 9). EUIs, DevAddr, nonces
 * and NetID are printed big-endian as consoles show them; FOpts, FRMPayload, payload, MIC and CFList in air order.
 * A frame or an option it cannot use gives exit code 2 and {@code {"error": "..."}}.
 */
public final class LorawanDecode {

    /** Exit code of a frame or option that cannot be used. */
    static final int BAD_INPUT = 2;

    private static final JsonFactory JSON = new JsonFactory();

    /** The printed object and the exit code. */
    record Result(int exitCode, String json) {
    }

    private String frame;
    private byte[] nwkSKey;
    private byte[] appSKey;
    private byte[] appKey;
    private Integer devNonce;
    private Integer fCntMsb;

    private LorawanDecode() {
    }

    /** Entry point of {@code cityhub lorawan decode}. */
    public static void main(String[] args) {
        Result result = run(args);
        PrintStream out = System.out;
        out.println(result.json());
        System.exit(result.exitCode());
    }

    /**
     * @param args {@code decode FRAME [options]}
     * @return the JSON object to print and the exit code
     */
    static Result run(String[] args) {
        LorawanDecode decode = new LorawanDecode();
        try {
            decode.parseArguments(args);
            return new Result(0, decode.decode());
        } catch (IllegalArgumentException e) {
            return error(e.getMessage());
        } catch (MalformedFrameException e) {
            return error("malformed frame (" + e.reason().name().toLowerCase() + "): " + e.getMessage());
        }
    }

    private void parseArguments(String[] args) {
        int i = 0;
        if (args.length > 0 && "decode".equals(args[0])) {
            i = 1;
        } else {
            throw new IllegalArgumentException("usage: cityhub lorawan decode FRAME [--nwkskey HEX] [--appskey HEX]"
                    + " [--appkey HEX] [--dev-nonce HEX] [--fcnt-msb N]");
        }
        for (; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                if (frame != null) {
                    throw new IllegalArgumentException("more than one FRAME given: '" + arg + "'");
                }
                frame = arg;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "--nwkskey" -> nwkSKey = key(arg, value);
                case "--appskey" -> appSKey = key(arg, value);
                case "--appkey" -> appKey = key(arg, value);
                case "--dev-nonce" -> devNonce = (int) number(arg, value, 16, 0xffff);
                case "--fcnt-msb" -> fCntMsb = (int) number(arg, value, 10, 0xffff);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (frame == null) {
            throw new IllegalArgumentException("no FRAME given (a PHYPayload in hex or base64)");
        }
    }

    private static byte[] key(String option, String value) {
        if (!value.matches("[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException(option + " needs 32 hex digits (an AES-128 key), got "
                    + value.length() + " characters");
        }
        return Bytes.fromHex(value);
    }

    private static long number(String option, String value, int radix, long max) {
        try {
            long n = Long.parseLong(value, radix);
            if (n < 0 || n > max) {
                throw new IllegalArgumentException(option + " must be 0.." + Long.toString(max, radix) + ", got '"
                        + value + "'");
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " is not a " + (radix == 16 ? "hex " : "") + "number: '"
                    + value + "'");
        }
    }

    static byte[] frameBytes(String text) {
        String t = text.trim();
        if (t.matches("([0-9a-fA-F]{2})+")) {
            return Bytes.fromHex(t);
        }
        try {
            return Base64.getDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("FRAME is neither hex nor base64: " + e.getMessage());
        }
    }

    private String decode() throws MalformedFrameException {
        PhyPayload phy = PhyPayload.parse(frameBytes(frame));
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("mtype", phy.mtype().displayName());
            if (phy instanceof DataFrame d) {
                writeData(g, d);
            } else if (phy instanceof JoinRequest r) {
                writeJoinRequest(g, r);
            } else if (phy instanceof EncryptedJoinAccept a && appKey != null) {
                writeJoinAccept(g, a);
            }
            g.writeEndObject();
        } catch (IOException e) {
            // a StringWriter does not fail
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private void writeData(JsonGenerator g, DataFrame d) throws IOException, MalformedFrameException {
        boolean up = d.mtype().uplink();
        long fCnt32 = fCntMsb == null ? d.fCnt16() : ((long) fCntMsb << 16) | d.fCnt16();
        g.writeStringField("devAddr", Bytes.hex(d.devAddr() & 0xffffffffL, 8));
        g.writeObjectFieldStart("fCtrl");
        g.writeBooleanField("adr", d.adr());
        if (up) {
            g.writeBooleanField("adrAckReq", d.adrAckReq());
        }
        g.writeBooleanField("ack", d.ack());
        g.writeBooleanField(up ? "classB" : "fPending", d.bit4());
        g.writeNumberField("fOptsLen", d.fOpts().length);
        g.writeEndObject();
        g.writeNumberField("fCnt", d.fCnt16());
        if (fCntMsb != null) {
            g.writeNumberField("fCnt32", fCnt32);
        }
        g.writeStringField("fOpts", Bytes.hex(d.fOpts()));
        List<MacCommand> commands = MacCommand.parseAll(d.fOpts(), up);
        if (d.fPort() != DataFrame.NO_PORT) {
            g.writeNumberField("fPort", d.fPort());
            g.writeStringField("frmPayload", Bytes.hex(d.frmPayload()));
            byte[] key = d.fPort() == 0 ? nwkSKey : appSKey;
            if (key != null) {
                byte[] payload = d.decrypt(new Aes128(key), fCnt32);
                g.writeStringField("payload", Bytes.hex(payload));
                if (d.fPort() == 0) {
                    commands = MacCommand.parseAll(payload, up);
                }
            }
        }
        if (d.fOpts().length > 0 || (d.fPort() == 0 && nwkSKey != null)) {
            g.writeArrayFieldStart("macCommands");
            for (MacCommand c : commands) {
                g.writeStartObject();
                g.writeNumberField("cid", c.cid());
                g.writeStringField("name", c.name());
                g.writeStringField("payload", Bytes.hex(c.payload()));
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeStringField("mic", Bytes.hex(d.mic()));
        if (nwkSKey != null) {
            g.writeBooleanField("micValid", d.micValid(new AesCmac(nwkSKey), fCnt32));
        }
    }

    private void writeJoinRequest(JsonGenerator g, JoinRequest r) throws IOException {
        g.writeStringField("joinEui", Bytes.hex(r.joinEui(), 16));
        g.writeStringField("devEui", Bytes.hex(r.devEui(), 16));
        g.writeStringField("devNonce", Bytes.hex(r.devNonce(), 4));
        g.writeStringField("mic", Bytes.hex(r.mic()));
        if (appKey != null) {
            g.writeBooleanField("micValid", r.micValid(new AesCmac(appKey)));
        }
    }

    private void writeJoinAccept(JsonGenerator g, EncryptedJoinAccept frame) throws IOException,
            MalformedFrameException {
        AesCmac cmac = new AesCmac(appKey);
        JoinAccept a = JoinAccept.open(cmac.aes(), frame);
        g.writeStringField("joinNonce", Bytes.hex(a.joinNonce(), 6));
        g.writeStringField("netId", Bytes.hex(a.netId(), 6));
        g.writeStringField("devAddr", Bytes.hex(a.devAddr() & 0xffffffffL, 8));
        g.writeObjectFieldStart("dlSettings");
        g.writeNumberField("rx1DrOffset", a.rx1DrOffset());
        g.writeNumberField("rx2DataRate", a.rx2DataRate());
        g.writeEndObject();
        g.writeNumberField("rxDelay", a.rxDelay());
        g.writeStringField("cfList", Bytes.hex(a.cfList()));
        g.writeStringField("mic", Bytes.hex(a.mic()));
        g.writeBooleanField("micValid", a.micValid(cmac));
        if (devNonce != null) {
            LorawanCrypto.SessionKeys keys = LorawanCrypto.sessionKeys(cmac.aes(), a.joinNonce(), a.netId(), devNonce);
            g.writeStringField("nwkSKey", Bytes.hex(keys.nwkSKey()));
            g.writeStringField("appSKey", Bytes.hex(keys.appSKey()));
        }
    }

    private static Result error(String message) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.writeStartObject();
            g.writeStringField("error", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(BAD_INPUT, text.toString());
    }
}
