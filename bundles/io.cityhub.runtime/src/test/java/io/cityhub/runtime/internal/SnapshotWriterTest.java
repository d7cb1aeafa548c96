package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Vector;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SnapshotWriterTest {

    private final RuntimeCryptoService crypto = RuntimeCryptoService.withRandomKey();

    private static Dictionary<String, Object> dictionary(Object... keysAndValues) {
        Hashtable<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    private static Map<String, SnapshotConfiguration> readBack(String xml) throws SnapshotException {
        return SnapshotReader.forRuntimeSnapshots().read(xml.getBytes(StandardCharsets.UTF_8), "written.xml")
                .stream().collect(Collectors.toMap(SnapshotConfiguration::pid, c -> c));
    }

    private static SnapshotProperty property(SnapshotConfiguration configuration, String name) {
        return configuration.properties().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void leavesOutValuesASnapshotCannotHoldAndKeepsTheRest() throws Exception {
        String xml;
        try (CapturedLog log = new CapturedLog()) {
            xml = new SnapshotWriter(crypto, Set.of()).write(List.of(new SnapshotWriter.Stored("io.cityhub.x.A", null,
                    dictionary("bell", "ding\u0007", "mixed", new Object[] {1, "a"}, "kept", 7L))), "test");
            assertThat(log.text())
                    .contains("ERROR")
                    .contains("configuration io.cityhub.x.A attribute 'bell' holds control characters")
                    .contains("configuration io.cityhub.x.A attribute 'mixed' has a value of type")
                    .doesNotContain("ding");
        }
        assertThat(readBack(xml).get("io.cityhub.x.A").values()).containsOnlyKeys("kept", "kura.service.pid")
                .containsEntry("kept", 7L);
    }

    @Test
    void aPasswordEncryptedUnderAnotherKeyStaysAPasswordWhenTheStartSnapshotDeclaredIt() throws Exception {
        String foreign = new String(RuntimeCryptoService.withRandomKey().encryptAes("old".toCharArray()));
        String xml = new SnapshotWriter(crypto, Set.of("io.cityhub.x.A/secret")).write(List.of(
                new SnapshotWriter.Stored("io.cityhub.x.A", null, dictionary("secret", foreign))), "test");

        SnapshotProperty secret = property(readBack(xml).get("io.cityhub.x.A"), "secret");
        assertThat(secret.type()).isEqualTo(KuraType.PASSWORD);
        assertThat(secret.sealed()).isTrue();
        assertThat(secret.value()).isEqualTo(foreign);
    }

    @Test
    void namesTwoInstancesWithTheSameKuraServicePidApart() throws Exception {
        String xml = new SnapshotWriter(crypto, Set.of()).write(List.of(
                new SnapshotWriter.Stored("io.cityhub.x.F~lamp", "io.cityhub.x.F", dictionary("kura.service.pid",
                        "lamp")),
                new SnapshotWriter.Stored("io.cityhub.x.G~lamp", "io.cityhub.x.G", dictionary("kura.service.pid",
                        "lamp"))), "test");

        assertThat(readBack(xml)).containsOnlyKeys("lamp", "io.cityhub.x.G~lamp");
    }

    @Test
    void writesEveryTypeArraysFactoryInstancesAndPasswordsSoTheReaderGetsThemBack() throws Exception {
        String sealed = new String(crypto.encryptAes("s3cret&<".toCharArray()));
        String sealedToo = new String(crypto.encryptAes("second".toCharArray()));
        Dictionary<String, Object> all = dictionary(
                "text", "a & b <c> \"d\" 'e'\n\tf\r\n", "long", 5_000_000_000L, "double", 1.0E10, "float", 2.5f,
                "int", 42, "byte", (byte) -3, "char", 'x', "bool", true, "short", (short) 7,
                "ints", new int[] {1, 2}, "strings", new String[] {"a", ""}, "vector", new Vector<>(List.of(3L, 4L)),
                "secret", sealed, "secrets", new String[] {sealedToo, ""}, "empty.secret", "",
                "cleared.ints", new int[0], "cleared.longs", new Long[0], "cleared.list", new Vector<>(),
                "service.pid", "io.cityhub.x.A", "service.bundleLocation", "?");
        String xml = new SnapshotWriter(crypto, Set.of()).write(List.of(
                new SnapshotWriter.Stored("io.cityhub.x.A", null, all),
                new SnapshotWriter.Stored("io.cityhub.x.Factory~lamp-17", "io.cityhub.x.Factory",
                        dictionary("kura.service.pid", "lamp-17", "service.factoryPid", "io.cityhub.x.Factory",
                                "port", 5683))),
                StartupSnapshot.header("none"));

        assertThat(xml).doesNotContain("s3cret").contains("seed-sha256=none");
        Map<String, SnapshotConfiguration> read = readBack(xml);
        SnapshotConfiguration a = read.get("io.cityhub.x.A");
        assertThat(a.factoryPid()).isNull();
        Map<String, Object> values = a.values();
        assertThat(values).containsEntry("text", "a & b <c> \"d\" 'e'\n\tf\r\n").containsEntry("long", 5_000_000_000L)
                .containsEntry("double", 1.0E10).containsEntry("float", 2.5f).containsEntry("int", 42)
                .containsEntry("byte", (byte) -3).containsEntry("char", 'x').containsEntry("bool", true)
                .containsEntry("short", (short) 7).containsEntry("secret", sealed).containsEntry("empty.secret", "")
                .doesNotContainKeys("service.pid", "service.bundleLocation");
        assertThat((Object[]) values.get("ints")).containsExactly(1, 2);
        assertThat((Object[]) values.get("strings")).containsExactly("a", "");
        assertThat((Object[]) values.get("vector")).containsExactly(3L, 4L);
        assertThat((Object[]) values.get("secrets")).containsExactly(sealedToo, "");
        // a cleared multi-valued attribute stays cleared instead of coming back with its default
        assertThat(values.get("cleared.ints")).isEqualTo(new Integer[0]);
        assertThat(values.get("cleared.longs")).isEqualTo(new Long[0]);
        assertThat(values.get("cleared.list")).isEqualTo(new String[0]);
        assertThat(property(a, "secret").type()).isEqualTo(KuraType.PASSWORD);
        assertThat(property(a, "secret").sealed()).isTrue();
        assertThat(property(a, "secrets").type()).isEqualTo(KuraType.PASSWORD);
        assertThat(property(a, "strings").type()).isEqualTo(KuraType.STRING);
        assertThat(property(a, "empty.secret").type()).as("nothing says an empty String is a Password")
                .isEqualTo(KuraType.STRING);
        SnapshotConfiguration lamp = read.get("lamp-17");
        assertThat(lamp.factoryPid()).isEqualTo("io.cityhub.x.Factory");
        assertThat(lamp.values()).containsEntry("port", 5683).containsEntry("kura.service.pid", "lamp-17");
    }

    @Test
    void writesTheSameTextForTheSameConfigurations() {
        SnapshotWriter writer = new SnapshotWriter(crypto, Set.of());
        List<SnapshotWriter.Stored> one = List.of(
                new SnapshotWriter.Stored("io.cityhub.x.B", null, dictionary("b", 1, "a", 2)),
                new SnapshotWriter.Stored("io.cityhub.x.A", null, dictionary("z", "x")));
        List<SnapshotWriter.Stored> other = List.of(one.get(1), one.get(0));

        assertThat(writer.write(one, "h")).isEqualTo(writer.write(other, "h"));
    }
}
