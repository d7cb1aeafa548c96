package io.cityhub.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.cityhub.api.Reading;
import io.cityhub.api.profile.DecodeException;
import io.cityhub.api.profile.PayloadCodec;
import io.cityhub.profiles.internal.ProfileCatalog;
import io.cityhub.profiles.internal.ProfileExamples;
import io.cityhub.profiles.internal.ProfileException;
import io.cityhub.profiles.internal.ProfileReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code cityhub codec decode --profile ID [--fport N] HEX}: decodes one payload with a device profile's codec, as
 * the gateway would, and prints the readings as a JSON array ({@code channel}, {@code value}, {@code unit}; plus
 * {@code sensor} for SenML, whose packs name their sensors) and nothing else on standard output. Profiles are read
 * from {@code device-profiles/} (or the directory in system property {@value #DIRECTORY_PROPERTY}). Exit code 2 with
 * the reason on standard error for a payload the profile cannot decode (a wrong FPort included); 1 with a one-line
 * reason for a usage error (unknown profile, bad hex, bad FPort).
 */
public final class CodecDecode {

    /** Exit code of a usage error. */
    static final int USAGE = 1;
    /** Exit code of a payload the profile cannot decode. */
    static final int UNDECODABLE = 2;
    /** System property naming the profile directory. */
    static final String DIRECTORY_PROPERTY = "cityhub.profiles.dir";

    private static final String USAGE_LINE = "usage: cityhub codec decode --profile ID [--fport N] HEX";
    private static final JsonFactory JSON = new JsonFactory();

    private CodecDecode() {
    }

    /** Entry point of {@code cityhub codec decode}. */
    public static void main(String[] args) {
        Path directory = Path.of(System.getProperty(DIRECTORY_PROPERTY, "device-profiles"));
        System.exit(run(args, directory, System.out, System.err));
    }

    /**
     * @param args {@code decode --profile ID [--fport N] HEX}
     * @param directory where the profiles are
     * @param out the JSON array, nothing else
     * @param err reasons
     * @return the exit code
     */
    static int run(String[] args, Path directory, PrintStream out, PrintStream err) {
        String profileId = null;
        Integer fport = null;
        String hex = null;
        if (args.length == 0 || !"decode".equals(args[0])) {
            err.println(USAGE_LINE);
            return USAGE;
        }
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            if (("--profile".equals(arg) || "--fport".equals(arg)) && i + 1 < args.length) {
                String value = args[++i];
                if ("--profile".equals(arg)) {
                    profileId = value;
                } else {
                    try {
                        fport = Integer.valueOf(value);
                    } catch (NumberFormatException e) {
                        err.println("cityhub codec decode: --fport '" + value + "' is not a number");
                        return USAGE;
                    }
                    if (fport < 0 || fport > 255) {
                        err.println("cityhub codec decode: --fport " + fport + " is outside 0..255");
                        return USAGE;
                    }
                }
            } else if (!arg.startsWith("--") && hex == null) {
                hex = arg;
            } else {
                err.println(USAGE_LINE + " (unexpected '" + arg + "')");
                return USAGE;
            }
        }
        if (profileId == null || hex == null) {
            err.println(USAGE_LINE);
            return USAGE;
        }
        byte[] payload;
        try {
            payload = HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
        } catch (IllegalArgumentException e) {
            err.println("cityhub codec decode: '" + hex + "' is not hex: " + e.getMessage());
            return USAGE;
        }
        Path file = directory.resolve(profileId + ".yaml");
        if (!profileId.matches("[a-z0-9][a-z0-9-]*") || !Files.isRegularFile(file)) {
            err.println("cityhub codec decode: no profile '" + profileId + "' in " + directory);
            return USAGE;
        }
        ProfileCatalog.Loaded loaded;
        try {
            loaded = ProfileCatalog.check(new ProfileReader(),
                    new ProfileCatalog.Source(file.getFileName().toString(), Files.readAllBytes(file)));
        } catch (ProfileException e) {
            err.println("cityhub codec decode: the profile is broken: " + e.getMessage());
            return USAGE;
        } catch (IOException e) {
            err.println("cityhub codec decode: cannot read " + file + ": " + e.getMessage());
            return USAGE;
        }
        PayloadCodec codec = loaded.codec();
        if (codec == null) {
            err.println("cityhub codec decode: profile '" + profileId + "' has no payload codec (its readings come"
                    + " from the GPIO source)");
            return USAGE;
        }
        boolean senml = loaded.document().codecType().startsWith("senml");
        List<Reading> readings;
        try {
            readings = codec.decode(ProfileExamples.observation(codec, senml, fport, payload));
        } catch (DecodeException e) {
            err.println(e.getMessage());
            return UNDECODABLE;
        }
        out.println(json(readings, senml));
        return 0;
    }

    private static String json(List<Reading> readings, boolean withSensor) {
        StringWriter text = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartArray();
            for (Reading reading : readings) {
                json.writeStartObject();
                if (withSensor) {
                    json.writeStringField("sensor", reading.sensorId());
                }
                json.writeStringField("channel", reading.channel());
                json.writeFieldName("value");
                Object value = ProfileExamples.value(reading.value());
                if (value instanceof Double number) {
                    // integral values print without ".0", as the vendors' decoders show them
                    if (number == Math.rint(number) && Math.abs(number) < 1e15) {
                        json.writeNumber(number.longValue());
                    } else {
                        json.writeNumber(number);
                    }
                } else if (value instanceof Boolean flag) {
                    json.writeBoolean(flag);
                } else {
                    json.writeString(value.toString());
                }
                json.writeStringField("unit", reading.unit());
                json.writeEndObject();
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }
}
