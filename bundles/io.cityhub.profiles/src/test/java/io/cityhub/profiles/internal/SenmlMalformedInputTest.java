package io.cityhub.profiles.internal;

import static io.cityhub.profiles.internal.Observations.cbor;
import static io.cityhub.profiles.internal.Observations.cborBytes;
import static io.cityhub.profiles.internal.Observations.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cityhub.api.ingest.RawObservation;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.PayloadCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Field data is hostile or broken: every malformed input must end in DecodeException with a message. */
class SenmlMalformedInputTest {

    private final PayloadCodec jsonCodec = new SenmlJsonCodec();
    private final PayloadCodec cborCodec = new SenmlCborCodec();

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "not json",
        "{\"n\":\"a:b\",\"v\":1}",
        "[]",
        "[{\"n\":\"a:b\",\"v\":1}",
        "[{\"n\":\"a:b\",\"v\":",
        "[{\"n\":\"a:b\",\"v\":1}] trailing",
        "[{\"n\":\"a:b\",\"v\":1}][]",
        "[1,2,3]",
        "[null]",
        "[{\"n\":5,\"v\":1}]",
        "[{\"n\":\"a:b\",\"v\":\"1\"}]",
        "[{\"n\":\"a:b\",\"v\":true}]",
        "[{\"n\":\"a:b\",\"vb\":1}]",
        "[{\"n\":\"a:b\",\"vs\":1}]",
        "[{\"n\":\"a:b\",\"v\":null}]",
        "[{\"n\":\"a:b\",\"v\":[1]}]",
        "[{\"n\":\"a:b\",\"t\":\"now\",\"v\":1}]",
        "[{\"bver\":1.5,\"n\":\"a:b\",\"v\":1}]",
        "[{\"bver\":99999999999999,\"n\":\"a:b\",\"v\":1}]",
        "[{\"n\":\"a:b\",\"v\":1e400}]",
        "[{\"n\":\"a:b\",\"v\":-1e400}]",
        "[{\"n\":\"a:b\",\"v\":NaN}]",
        "[{\"n\":\"a:b\",\"v\":Infinity}]",
        "[{\"n\":\"a:b\",\"v\":123456789012345678901234567890123456789012345678901234567890123456789012345}]",
        "[{\"n\":\"a:b\",\"v\":1.7e308,\"bv\":1.7e308}]",
        "[{\"n\":\"a:b\",\"t\":1e300,\"v\":1}]",
        "[{\"bt\":-1e300,\"n\":\"a:b\",\"v\":1}]",
        "[{\"n\":\"a:b\",\"v\":1,\"v\":2}]",
        "[{\"n\":\"a:b\",\"v\":1,\"vb\":true}]",
        "[{\"n\":\"a:b\"}]",
        "[{\"v\":1}]",
        "[{\"n\":\"a:b\",\"v\":1,\"u\":false}]",
        "[{\"n\":\"a:b\",'v':1}]",
        "[{\"n\":\"a:\\ud800\",\"v\":1}]",
    })
    void rejectsMalformedJson(String payload) {
        assertRejected(jsonCodec, json(null, payload));
    }

    @Test
    void rejectsDeeplyNestedJson() {
        String deep = "[{\"n\":\"a:b\",\"v\":1,\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}]";
        assertRejected(jsonCodec, json(null, deep));
        assertRejected(jsonCodec, json(null, "[".repeat(100_000)));
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] payload = "[{\"n\":\"a:b\",\"vs\":\"xx\"}]".getBytes(StandardCharsets.UTF_8);
        payload[payload.length - 5] = (byte) 0xC3;
        payload[payload.length - 4] = (byte) 0x28;
        assertRejected(jsonCodec, new RawObservation(null, SenmlJsonCodec.ID, payload, Observations.RECEIVED,
                io.cityhub.api.ClockQuality.UNSYNCHRONISED, io.cityhub.api.Priority.TELEMETRY,
                io.cityhub.api.SourceMetadata.of("coap")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "80",                          // []
        "a0",                          // {} instead of an array
        "81",                          // truncated array
        "81a2",                        // truncated map
        "81a20063613a",                // truncated text
        "81a20063613a6202",            // label without value
        "81a20063613a6202fb4000",      // truncated float64
        "81a20063613a6202f97c00",      // +Infinity (half float)
        "81a20063613a62021bffffffffffffffff", // 2^64-1: finite, accepted by the parser, but...
        "81a20063613a6202c349010000000000000000", // bignum tag 3: -(2^64)-1
        "81a20063613a6202f6",          // null value
        "81a20063613a6202f7",          // undefined value
        "81a20063613a620281" + "01",   // array value
        "81a20063613a620201ff",        // break outside indefinite container
        "9f",                          // truncated indefinite array
        "81a20063613a620201" + "00",   // trailing data
        "ff",
        "1f",
        "5f41",
        "7f6161",
    })
    void rejectsMalformedCbor(String hex) {
        RawObservation obs = cbor(null, hex);
        if (hex.equals("81a20063613a62021bffffffffffffffff") || hex.equals("81a20063613a6202c349010000000000000000")) {
            // huge integers are finite doubles: the value is accepted, as a big but real number
            assertThat(catchThrowable(() -> cborCodec.decode(obs))).isNull();
            return;
        }
        assertRejected(cborCodec, obs);
    }

    @Test
    void rejectsDeeplyNestedCbor() {
        byte[] deep = new byte[100_000];
        Arrays.fill(deep, (byte) 0x81);
        assertRejected(cborCodec, cborBytes(null, deep));
        byte[] deepInRecord = HexFormat.of().parseHex("81a30063613a62020161" + "78" + "81".repeat(5000) + "01");
        assertRejected(cborCodec, cborBytes(null, deepInRecord));
    }

    @Test
    void rejectsCborWithHugeDeclaredLength() {
        // a text string declaring 2^32 bytes, with 3 present
        assertRejected(cborCodec, cbor(null, "81a1007affffffff616263"));
        // an array declaring 2^64-1 elements
        assertRejected(cborCodec, cbor(null, "9bffffffffffffffff"));
    }

    @Test
    void randomBytesAndMutationsOnlyEverGiveDecodeException() {
        Random random = new Random(8428);
        byte[] jsonSeed = SenmlJsonCodecTest.RFC_5_1_2_B.getBytes(StandardCharsets.UTF_8);
        byte[] cborSeed = HexFormat.of().parseHex(SenmlCborCodecTest.RFC_6_HEX);
        for (int round = 0; round < 3000; round++) {
            for (PayloadCodec codec : new PayloadCodec[] {jsonCodec, cborCodec}) {
                byte[] seed = codec == jsonCodec ? jsonSeed : cborSeed;
                byte[] input = round % 3 == 0 ? randomBytes(random) : mutate(seed, random);
                RawObservation obs = new RawObservation(null, codec.id(), input, Observations.RECEIVED,
                        io.cityhub.api.ClockQuality.UNSYNCHRONISED, io.cityhub.api.Priority.TELEMETRY,
                        io.cityhub.api.SourceMetadata.of("coap"));
                Throwable thrown = catchThrowable(() -> codec.decode(obs));
                if (thrown != null) {
                    assertThat(thrown).as("input %s", HexFormat.of().formatHex(input))
                            .isInstanceOf(DecodeException.class).hasMessageStartingWith(codec.id() + ": ");
                }
            }
        }
    }

    private static void assertRejected(PayloadCodec codec, RawObservation obs) {
        assertThatThrownBy(() -> codec.decode(obs))
                .isExactlyInstanceOf(DecodeException.class)
                .hasMessageStartingWith(codec.id() + ": ")
                .satisfies(e -> assertThat(((DecodeException) e).codecId()).isEqualTo(codec.id()));
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] copy = Arrays.copyOf(seed, random.nextInt(seed.length + 1));
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }
}
