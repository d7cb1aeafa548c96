package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cityhub profiles check} and {@code cityhub codec decode} as a technician runs them: a separate JVM started
 * from the repository root with the class path the {@code cityhub} script uses (target/cityhub-tools.jar +
 * target/lib/*), judged by exit code, standard output and standard error.
 */
class ProfileCommandsIT {

    private static final Path REPO = Path.of(System.getProperty("cityhub.repo.root", "..")).toAbsolutePath()
            .normalize();

    @TempDir
    Path scratch;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String mainClass, String... args) throws IOException, InterruptedException {
        String classPath = REPO.resolve("tools/target/cityhub-tools.jar") + File.pathSeparator
                + REPO.resolve("tools/target/lib/*");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", classPath, mainClass));
        command.addAll(List.of(args));
        Path out = scratch.resolve("out.txt");
        Path err = scratch.resolve("err.txt");
        Process process = new ProcessBuilder(command).directory(REPO.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("command did not end within 60 s: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Run decode(String... args) throws IOException, InterruptedException {
        return run("io.cityhub.tools.CodecDecode", args);
    }

    private static List<Map<String, Object>> readings(String json) throws IOException {
        List<Map<String, Object>> list = new ArrayList<>();
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_ARRAY);
            while (parser.nextToken() == JsonToken.START_OBJECT) {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonToken token = parser.nextToken();
                    object.put(name, token.isNumeric() ? parser.getNumberValue()
                            : token.isBoolean() ? parser.getBooleanValue() : parser.getText());
                }
                list.add(object);
            }
            assertThat(parser.nextToken()).isNull();
        }
        return list;
    }

    @Test
    void checkPassesTheRepositoryProfiles() throws Exception {
        Run run = run("io.cityhub.tools.ProfilesCheck", "check");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("ok dragino-lht65.yaml: 3 examples", "ok decentlab-dl-pm.yaml: 4 examples",
                "ok gpio-contact.yaml: 0 examples");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void checkNamesTheBrokenFileAndExitsNonZero() throws Exception {
        Files.copy(REPO.resolve("device-profiles/elsys-ers-co2.yaml"), scratch.resolve("elsys-ers-co2.yaml"));
        Files.writeString(scratch.resolve("dragino-lht65.yaml"),
                Files.readString(REPO.resolve("device-profiles/dragino-lht65.yaml")).replace("temperature: 28.29",
                        "temperature: 28.3"));

        Run run = run("io.cityhub.tools.ProfilesCheck", "check", scratch.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("ok elsys-ers-co2.yaml: 4 examples\n");
        assertThat(run.err()).startsWith("dragino-lht65.yaml: example 1 (built-in sensor and a DS18B20 probe (E1)):"
                + " decoded {").contains("temperature=28.29").endsWith("cityhub profiles check: 1 of 2 profiles"
                + " failed\n");
    }

    @Test
    void checkOfAMissingDirectoryIsAUsageError() throws Exception {
        Run run = run("io.cityhub.tools.ProfilesCheck", "check", "no/such/dir");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("cityhub profiles check: no/such/dir is not a directory\n");
    }

    @Test
    void decodePrintsOnlyTheJsonArrayOfReadings() throws Exception {
        Run run = decode("decode", "--profile", "dragino-lht65", "--fport", "2", "cbf60b0d0376010add7fff");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(readings(run.out())).containsExactly(
                Map.of("channel", "battery", "value", 3.062, "unit", "V"),
                Map.of("channel", "battery_status", "value", 3, "unit", ""),
                Map.of("channel", "temperature", "value", 28.29, "unit", "Cel"),
                Map.of("channel", "humidity", "value", 88.6, "unit", "%RH"),
                Map.of("channel", "external_temperature", "value", 27.81, "unit", "Cel"));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void decodeOfCayenneNeedsNoFport() throws Exception {
        Run run = decode("decode", "--profile", "cayenne-lpp", "03670110056700ff");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(readings(run.out())).containsExactly(
                Map.of("channel", "temperature_3", "value", 27.2, "unit", "Cel"),
                Map.of("channel", "temperature_5", "value", 25.5, "unit", "Cel"));
    }

    @Test
    void wrongFportExitsTwoWithTheReasonOnStandardError() throws Exception {
        Run run = decode("decode", "--profile", "dragino-lht65", "--fport", "42", "cbf60b0d0376010add7fff");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("dragino-lht65: device 'example', FPort 42: unknown FPort 42 (expected one"
                + " of [2]) at byte offset 0\n");
    }

    @Test
    void truncatedPayloadExitsTwoNamingOffsetAndField() throws Exception {
        Run run = decode("decode", "--profile", "decentlab-dl-ctd10", "--fport", "1", "0207d9000390888081");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("decentlab-dl-ctd10: device 'example', FPort 1: payload ends: needs 2 bytes,"
                + " 0 left at byte offset 9 (field 'electrical_conductivity')\n");
    }

    @Test
    void usageErrorsExitOneWithAOneLineReason() throws Exception {
        Run unknown = decode("decode", "--profile", "no-such-device", "00");
        Run badHex = decode("decode", "--profile", "cayenne-lpp", "zz");
        Run missing = decode("decode", "00");

        assertThat(List.of(unknown.exitCode(), badHex.exitCode(), missing.exitCode())).containsOnly(1);
        assertThat(unknown.err()).isEqualTo("cityhub codec decode: no profile 'no-such-device' in device-profiles\n");
        assertThat(badHex.err()).startsWith("cityhub codec decode: 'zz' is not hex").hasLineCount(1);
        assertThat(missing.err()).isEqualTo("usage: cityhub codec decode --profile ID [--fport N] HEX\n");
        assertThat(unknown.out() + badHex.out() + missing.out()).isEmpty();
    }
}
