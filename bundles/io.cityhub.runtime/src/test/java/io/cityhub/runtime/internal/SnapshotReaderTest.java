package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SnapshotReaderTest {

    private static final String FILE = "kura-config/snapshot_0.xml";
    private static final String HEAD = """
            <?xml version="1.0" encoding="UTF-8"?>
            <esf:configurations xmlns:esf="http://eurotech.com/esf/2.0">
            """;

    private final SnapshotReader reader = new SnapshotReader();

    /**
     * A snapshot holding one configuration {@code p} whose property lines start at line 5: line 1 is the XML
     * declaration, 2 the root, 3 {@code esf:configuration}, 4 {@code esf:properties}.
     */
    private static String oneConfiguration(String... propertyLines) {
        return HEAD + "  <esf:configuration pid=\"p\">\n    <esf:properties>\n"
                + String.join("\n", propertyLines) + "\n    </esf:properties>\n  </esf:configuration>\n"
                + "</esf:configurations>\n";
    }

    private static String property(String name, String type, String... values) {
        return flaggedProperty(name, type, "false", "false", values);
    }

    private static String flaggedProperty(String name, String type, String array, String encrypted,
            String... values) {
        StringBuilder xml = new StringBuilder("      <esf:property name=\"" + name + "\" type=\"" + type
                + "\" array=\"" + array + "\" encrypted=\"" + encrypted + "\">");
        for (String value : values) {
            xml.append("<esf:value>").append(value).append("</esf:value>");
        }
        return xml.append("</esf:property>").toString();
    }

    private List<SnapshotConfiguration> read(String xml) throws SnapshotException {
        return reader.read(xml.getBytes(StandardCharsets.UTF_8), FILE);
    }

    private Map<String, Object> valuesOfOnlyConfiguration(String xml) throws SnapshotException {
        List<SnapshotConfiguration> configurations = read(xml);
        assertThat(configurations).hasSize(1);
        return configurations.get(0).values();
    }

    private void assertRejected(String xml, int line, String problem) {
        assertThatThrownBy(() -> read(xml))
                .isInstanceOfSatisfying(SnapshotException.class, e -> {
                    assertThat(e.getMessage()).startsWith(FILE + ":" + line + ": ").contains(problem);
                    assertThat(e.file()).isEqualTo(FILE);
                    assertThat(e.line()).isEqualTo(line);
                });
    }

    @Nested
    class MalformedFiles {

        @Test
        void rejectsEmptyFile() {
            assertRejected("", 1, "the file is empty");
        }

        @Test
        void rejectsFileOfOnlyWhitespace() {
            assertRejected("  \n\n ", 1, "the file is empty");
        }

        @Test
        void rejectsContentThatIsNotXml() {
            assertRejected("port = 5683\n", 1, "not well-formed XML");
        }

        @Test
        void rejectsUnclosedElementNamingItsLine() {
            assertRejected(HEAD + "  <esf:configuration pid=\"p\">\n    <esf:properties>\n  </esf:configuration>\n", 5,
                    "not well-formed XML");
        }

        @Test
        void rejectsRootWithoutTheEsfPrefix() {
            assertRejected("<?xml version=\"1.0\"?>\n<configurations xmlns=\"http://eurotech.com/esf/2.0\"/>\n", 2,
                    "unexpected element 'configurations', expected 'esf:configurations' as the root element"
                            + " (Kura requires the esf: prefix)");
        }

        @Test
        void rejectsWrongRootElement() {
            assertRejected("<?xml version=\"1.0\"?>\n\n<esf:configuration pid=\"p\" xmlns:esf=\"x\"/>\n", 3,
                    "expected 'esf:configurations'");
        }

        @Test
        void rejectsConfigurationWithoutPid() {
            assertRejected(HEAD + "  <esf:configuration>\n  </esf:configuration>\n</esf:configurations>\n", 3,
                    "esf:configuration has no 'pid' attribute");
        }

        @Test
        void rejectsConfigurationWithEmptyPid() {
            assertRejected(HEAD + "  <esf:configuration pid=\" \"/>\n</esf:configurations>\n", 3,
                    "esf:configuration has no 'pid' attribute");
        }

        @Test
        void rejectsTwoConfigurationsWithTheSamePid() {
            assertRejected(HEAD + "  <esf:configuration pid=\"a\"/>\n  <esf:configuration pid=\"a\"/>\n"
                    + "</esf:configurations>\n", 4, "configuration pid 'a' appears twice (first on line 3)");
        }

        @Test
        void rejectsOcdInsideConfiguration() {
            assertRejected(HEAD + "  <esf:configuration pid=\"p\">\n    <ocd:OCD id=\"p\"/>\n  </esf:configuration>\n"
                    + "</esf:configurations>\n", 4,
                    "unexpected element 'ocd:OCD', expected 'esf:properties' inside esf:configuration");
        }

        @Test
        void rejectsSecondPropertiesElement() {
            assertRejected(HEAD + "  <esf:configuration pid=\"p\">\n    <esf:properties/>\n    <esf:properties/>\n"
                    + "  </esf:configuration>\n</esf:configurations>\n", 5,
                    "configuration 'p' has a second esf:properties element");
        }

        @Test
        void rejectsUnexpectedChildOfRoot() {
            assertRejected(HEAD + "  <esf:property name=\"x\" type=\"String\"/>\n</esf:configurations>\n", 3,
                    "unexpected element 'esf:property', expected 'esf:configuration'");
        }

        @Test
        void rejectsUnexpectedChildOfProperties() {
            assertRejected(oneConfiguration("      <esf:value>1</esf:value>"), 5,
                    "unexpected element 'esf:value', expected 'esf:property' inside esf:properties");
        }

        @Test
        void rejectsUnexpectedChildOfProperty() {
            assertRejected(oneConfiguration(
                    "      <esf:property name=\"port\" type=\"Integer\"><value>1</value></esf:property>"), 5,
                    "unexpected element 'value', expected 'esf:value' inside esf:property 'port'");
        }

        @Test
        void rejectsElementInsideValue() {
            assertRejected(oneConfiguration(property("name", "String", "<b>x</b>")), 5,
                    "unexpected element 'b' inside esf:value");
        }

        @Test
        void rejectsStrayText() {
            assertRejected(oneConfiguration("      5683"), 5, "unexpected text '5683' inside esf:properties");
        }

        @Test
        void rejectsPropertyWithoutName() {
            assertRejected(oneConfiguration("      <esf:property type=\"String\"><esf:value>x</esf:value>"
                    + "</esf:property>"), 5, "esf:property in configuration 'p' has no 'name' attribute");
        }

        @Test
        void rejectsPropertyWithoutType() {
            assertRejected(oneConfiguration("      <esf:property name=\"port\"><esf:value>1</esf:value>"
                    + "</esf:property>"), 5, "property 'port' has no 'type' attribute");
        }

        @Test
        void rejectsUnknownType() {
            assertRejected(oneConfiguration(property("port", "Int", "1")), 5,
                    "property 'port' has unknown type 'Int' (expected one of String, Long, Double, Float, Integer,"
                            + " Byte, Char, Boolean, Short, Password)");
        }

        @Test
        void rejectsTypeNameInTheWrongCase() {
            assertRejected(oneConfiguration(property("port", "integer", "1")), 5, "unknown type 'integer'");
        }

        @Test
        void rejectsArrayFlagThatIsNotTrueOrFalse() {
            assertRejected(oneConfiguration(flaggedProperty("ports", "Integer", "maybe", "false", "1")), 5,
                    "property 'ports' has array=\"maybe\" (expected true or false)");
        }

        @Test
        void rejectsEncryptedFlagThatIsNotTrueOrFalse() {
            assertRejected(oneConfiguration(flaggedProperty("secret", "Password", "false", "yes", "x")), 5,
                    "property 'secret' has encrypted=\"yes\" (expected true or false)");
        }

        @Test
        void rejectsEncryptedValueOfATypeOtherThanPassword() {
            assertRejected(oneConfiguration(flaggedProperty("name", "String", "false", "true", "eA==")), 5,
                    "property 'name' of type String is marked encrypted=\"true\"; only Password values can be"
                            + " encrypted");
        }

        @Test
        void rejectsScalarWithoutValue() {
            assertRejected(oneConfiguration(property("port", "Integer")), 5,
                    "property 'port' has 0 esf:value elements but is not an array (expected exactly one)");
        }

        @Test
        void rejectsScalarWithTwoValues() {
            assertRejected(oneConfiguration(property("port", "Integer", "1", "2")), 5,
                    "property 'port' has 2 esf:value elements but is not an array");
        }

        @Test
        void rejectsTheSamePropertyTwiceIgnoringCase() {
            assertRejected(oneConfiguration(property("port", "Integer", "1"), property("Port", "Integer", "2")), 6,
                    "property 'Port' appears twice in configuration 'p' (first on line 5;"
                            + " ConfigurationAdmin names are case-insensitive)");
        }

        @Test
        void rejectsKuraServicePidThatDiffersFromThePid() {
            assertRejected(oneConfiguration(property("kura.service.pid", "String", "q")), 5,
                    "property 'kura.service.pid' is 'q' but the configuration pid is 'p'");
        }

        @Test
        void rejectsFactoryPidThatIsNotAString() {
            assertRejected(oneConfiguration(property("service.factoryPid", "Integer", "1")), 5,
                    "property 'service.factoryPid' must be a non-empty String, not an array");
        }

        @Test
        void rejectsEmptyFactoryPid() {
            assertRejected(oneConfiguration(property("service.factoryPid", "String", "")), 5,
                    "property 'service.factoryPid' must be a non-empty String");
        }

        @Test
        void namesTheLineOfTheBadValueInAMultiLineProperty() {
            assertRejected(oneConfiguration("      <esf:property name=\"ports\" type=\"Integer\" array=\"true\">",
                    "        <esf:value>1</esf:value>", "        <esf:value>two</esf:value>", "      </esf:property>"),
                    7, "property 'ports' of type Integer has value 'two'");
        }

        @Test
        void rejectsEncryptedPasswordThatIsNotBase64() {
            assertRejected(oneConfiguration(flaggedProperty("secret", "Password", "false", "true", "not base64!")), 5,
                    "property 'secret' of type Password is marked encrypted=\"true\" but its value is not base64"
                            + " of UTF-8 text; the standalone runtime cannot decrypt Kura AES values: write the"
                            + " plaintext with encrypted=\"false\"");
        }

        @Test
        void rejectsEncryptedPasswordThatLooksLikeAesCipherText() {
            // 16 bytes of cipher-like data: not valid UTF-8 (0xC3 0x28 is a broken two-byte sequence)
            byte[] cipher = {(byte) 0xC3, 0x28, 0x11, (byte) 0x9F, 0x00, 0x7F, 0x42, (byte) 0xE2, 0x01, 0x02,
                    (byte) 0xFE, (byte) 0xFF, 0x10, 0x20, 0x30, 0x40};
            assertRejected(oneConfiguration(flaggedProperty("secret", "Password", "false", "true",
                    Base64.getEncoder().encodeToString(cipher))), 5, "cannot decrypt Kura AES values");
        }

        @Test
        void rejectsEncryptedPasswordThatDecodesToControlCharacters() {
            String encoded = Base64.getEncoder().encodeToString("a\u0001b".getBytes(StandardCharsets.UTF_8));
            assertRejected(oneConfiguration(flaggedProperty("secret", "Password", "false", "true", encoded)), 5,
                    "is not base64 of UTF-8 text");
        }

        @Test
        void refusesDoctypeDeclaration() {
            assertRejected("<?xml version=\"1.0\"?>\n<!DOCTYPE esf:configurations>\n"
                    + "<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\"/>\n", 2,
                    "DOCTYPE declarations are not allowed (DTDs and external entities are refused)");
        }

        @Test
        void refusesExternalEntityWithoutReadingIt(@TempDir Path dir) throws IOException {
            Path secret = Files.writeString(dir.resolve("secret.txt"), "TOP-SECRET-CONTENT");
            String xml = "<?xml version=\"1.0\"?>\n"
                    + "<!DOCTYPE esf:configurations [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
                    + "<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\">\n"
                    + "  <esf:configuration pid=\"p\"><esf:properties>\n"
                    + "    <esf:property name=\"x\" type=\"String\"><esf:value>&xxe;</esf:value></esf:property>\n"
                    + "  </esf:properties></esf:configuration>\n</esf:configurations>\n";
            assertThatThrownBy(() -> read(xml))
                    .isInstanceOf(SnapshotException.class)
                    .hasMessageStartingWith(FILE + ":2: DOCTYPE declarations are not allowed")
                    .hasMessageNotContaining("TOP-SECRET");
        }

        @Test
        void refusesEntityExpansionBomb() {
            String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                    + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n"
                    + "<esf:configurations xmlns:esf=\"x\"><esf:configuration pid=\"&lol2;\"/></esf:configurations>";
            assertRejected(xml, 2, "DOCTYPE declarations are not allowed");
        }

        @Test
        void namesThePathWhenReadFromAFile(@TempDir Path dir) throws IOException {
            Path file = Files.writeString(dir.resolve("snapshot_0.xml"), oneConfiguration(property("port", "Integer",
                    "abc")));
            assertThatThrownBy(() -> reader.read(file))
                    .isInstanceOf(SnapshotException.class)
                    .hasMessage(file + ":5: property 'port' of type Integer has value 'abc'");
        }
    }

    @ParameterizedTest(name = "{0} ''{1}''")
    @CsvSource(delimiter = '|', textBlock = """
            Integer  | abc         | ''
            Integer  | 2147483648  | ''
            Integer  | ' 5683'     | ''
            Long     | 1.5         | ''
            Double   | x           | ''
            Float    | ''          | ''
            Byte     | 128         | ''
            Short    | 40000       | ''
            Char     | ab          | ' (expected exactly one character)'
            Char     | ''          | ' (expected exactly one character)'
            Boolean  | yes         | ' (expected true or false)'
            """)
    void rejectsValueThatDoesNotParseAsItsType(String type, String value, String hint) {
        assertRejected(oneConfiguration(property("v", type, value)), 5,
                "property 'v' of type " + type + " has value '" + value + "'" + hint);
    }

    @Test
    void rejectsValueWithExactMessage() {
        assertThatThrownBy(() -> read(oneConfiguration(property("port", "Integer", "abc"))))
                .hasMessage("kura-config/snapshot_0.xml:5: property 'port' of type Integer has value 'abc'");
    }

    @Test
    void readsEveryTypeAsItsJavaType() throws SnapshotException {
        Map<String, Object> values = valuesOfOnlyConfiguration(oneConfiguration(
                property("s", "String", "text"),
                property("l", "Long", "-9000000000"),
                property("d", "Double", "1.5"),
                property("f", "Float", "2.25"),
                property("i", "Integer", "5683"),
                property("b", "Byte", "-128"),
                property("c", "Char", "x"),
                property("z", "Boolean", "TRUE"),
                property("h", "Short", "32767"),
                property("pw", "Password", "s3cret")));

        assertThat(values).containsExactly(
                entry("s", "text"),
                entry("l", -9_000_000_000L),
                entry("d", 1.5d),
                entry("f", 2.25f),
                entry("i", 5683),
                entry("b", (byte) -128),
                entry("c", 'x'),
                entry("z", true),
                entry("h", (short) 32767),
                entry("pw", "s3cret"),
                entry("kura.service.pid", "p"));
    }

    @Test
    void readsArraysAsArraysOfTheBoxedType() throws SnapshotException {
        Map<String, Object> values = valuesOfOnlyConfiguration(oneConfiguration(
                flaggedProperty("ports", "Integer", "true", "false", "1", "2", "3"),
                flaggedProperty("topics", "String", "true", "false", "a/b", "c/d"),
                flaggedProperty("flags", "Boolean", "true", "false", "true", "false"),
                flaggedProperty("one", "Long", "true", "false", "7"),
                flaggedProperty("secrets", "Password", "true", "true",
                        Base64.getEncoder().encodeToString("k1".getBytes(StandardCharsets.UTF_8)))));

        assertThat(values.get("ports")).isInstanceOf(Integer[].class).isEqualTo(new Integer[] {1, 2, 3});
        assertThat(values.get("topics")).isInstanceOf(String[].class).isEqualTo(new String[] {"a/b", "c/d"});
        assertThat(values.get("flags")).isInstanceOf(Boolean[].class).isEqualTo(new Boolean[] {true, false});
        assertThat(values.get("one")).isInstanceOf(Long[].class).isEqualTo(new Long[] {7L});
        assertThat(values.get("secrets")).isInstanceOf(String[].class).isEqualTo(new String[] {"k1"});
    }

    @Test
    void skipsEmptyArrayLikeKura() throws SnapshotException {
        Map<String, Object> values = valuesOfOnlyConfiguration(oneConfiguration(
                flaggedProperty("ports", "Integer", "true", "false")));

        assertThat(values).containsOnlyKeys("kura.service.pid");
    }

    @Test
    void decodesEncryptedPasswordFromBase64() throws SnapshotException {
        String encoded = Base64.getEncoder().encodeToString("pässwörd 1".getBytes(StandardCharsets.UTF_8));

        Map<String, Object> values = valuesOfOnlyConfiguration(oneConfiguration(
                flaggedProperty("secret", "Password", "false", "true", encoded)));

        assertThat(values).containsEntry("secret", "pässwörd 1");
    }

    @Test
    void keepsPlainPasswordAsWritten() throws SnapshotException {
        Map<String, Object> values = valuesOfOnlyConfiguration(oneConfiguration(
                flaggedProperty("secret", "Password", "false", "false", "cGxhaW4=")));

        assertThat(values).containsEntry("secret", "cGxhaW4=");
    }

    @Test
    void keepsTheDeclaredTypeOfPasswordProperties() throws SnapshotException {
        SnapshotProperty secret = read(oneConfiguration(property("secret", "Password", "pw"))).get(0).properties()
                .get(0);

        assertThat(secret.type()).isEqualTo(KuraType.PASSWORD);
        assertThat(secret.array()).isFalse();
        assertThat(secret.line()).isEqualTo(5);
    }

    @Test
    void keepsStringValuesVerbatim() throws SnapshotException {
        Map<String, Object> values = valuesOfOnlyConfiguration(oneConfiguration(
                property("spaces", "String", "  two  "),
                property("empty", "String", ""),
                property("escaped", "String", "a &amp; b &lt;c&gt;"),
                property("cdata", "String", "<![CDATA[x<y]]>"),
                property("target", "String", "(kura.service.pid=acme-pub)")));

        assertThat(values).contains(entry("spaces", "  two  "), entry("empty", ""), entry("escaped", "a & b <c>"),
                entry("cdata", "x<y"), entry("target", "(kura.service.pid=acme-pub)"));
    }

    @Test
    void readsMissingArrayAndEncryptedFlagsAsFalse() throws SnapshotException {
        Map<String, Object> values = valuesOfOnlyConfiguration(oneConfiguration(
                "      <esf:property name=\"port\" type=\"Integer\"><esf:value>1</esf:value></esf:property>"));

        assertThat(values).containsEntry("port", 1);
    }

    @Test
    void readsFactoryInstanceByItsFactoryPid() throws SnapshotException {
        String xml = HEAD + """
                  <esf:configuration pid="lamp-17">
                    <esf:properties>
                      <esf:property name="service.factoryPid" type="String" array="false" \
                          encrypted="false"><esf:value>io.cityhub.sensor.coap.CoapEndpoint</esf:value></esf:property>
                      <esf:property name="kura.service.pid" type="String" array="false" \
                          encrypted="false"><esf:value>lamp-17</esf:value></esf:property>
                      <esf:property name="service.pid" \
                          type="String" array="false" encrypted="false" \
                          ><esf:value>io.cityhub.sensor.coap.CoapEndpoint-123</esf:value></esf:property>
                      <esf:property name="address" type="String" array="false" \
                          encrypted="false"><esf:value>10.0.0.17</esf:value></esf:property>
                    </esf:properties>
                  </esf:configuration>
                  <esf:configuration pid="lamp-18">
                    <esf:properties>
                      <esf:property name="service.factoryPid" type="String" array="false" \
                          encrypted="false"><esf:value>io.cityhub.sensor.coap.CoapEndpoint</esf:value></esf:property>
                    </esf:properties>
                  </esf:configuration>
                  <esf:configuration pid="io.cityhub.ingest.IngestPipeline"/>
                </esf:configurations>
                """;

        List<SnapshotConfiguration> configurations = read(xml);

        assertThat(configurations).extracting(SnapshotConfiguration::pid, SnapshotConfiguration::factoryPid,
                SnapshotConfiguration::line).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("lamp-17", "io.cityhub.sensor.coap.CoapEndpoint", 3),
                        org.assertj.core.groups.Tuple.tuple("lamp-18", "io.cityhub.sensor.coap.CoapEndpoint", 11),
                        org.assertj.core.groups.Tuple.tuple("io.cityhub.ingest.IngestPipeline", null, 16));
        assertThat(configurations.get(0).isFactoryInstance()).isTrue();
        // CM owns service.pid and service.factoryPid; the instance name travels as kura.service.pid
        assertThat(configurations.get(0).values()).containsExactly(entry("kura.service.pid", "lamp-17"),
                entry("address", "10.0.0.17"));
        assertThat(configurations.get(1).values()).containsExactly(entry("kura.service.pid", "lamp-18"));
        assertThat(configurations.get(2).isFactoryInstance()).isFalse();
        assertThat(configurations.get(2).values()).containsExactly(
                entry("kura.service.pid", "io.cityhub.ingest.IngestPipeline"));
    }

    @Test
    void readsEmptyRoot() throws SnapshotException {
        assertThat(read(HEAD + "</esf:configurations>\n")).isEmpty();
    }

    @Test
    void ignoresCommentsAndTheOcdNamespaceDeclaration() throws SnapshotException {
        String xml = "<?xml version=\"1.0\"?>\n"
                + "<!-- seed -->\n"
                + "<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\""
                + " xmlns:ocd=\"http://www.osgi.org/xmlns/metatype/v1.2.0\">\n"
                + "  <!-- one -->\n"
                + "  <esf:configuration pid=\"a\"><esf:properties><!-- none"
                + " --></esf:properties></esf:configuration>\n"
                + "</esf:configurations>\n";

        assertThat(read(xml)).extracting(SnapshotConfiguration::pid).containsExactly("a");
    }

    @Test
    void readsTheSeedSnapshotOfTheRepository() throws IOException, SnapshotException {
        // surefire runs in the module folder: bundles/io.cityhub.runtime
        List<SnapshotConfiguration> seed = reader.read(Path.of("../../kura-config/snapshot_0.xml"));

        assertThat(seed).allSatisfy(c -> assertThat(c.isFactoryInstance()).isFalse());
        assertThat(seed).extracting(SnapshotConfiguration::pid).containsExactly(
                "io.cityhub.sensor.coap.CoapSensorServer",
                "io.cityhub.sensor.lora.LoraGateway",
                "io.cityhub.clock",
                "io.cityhub.profiles.DeviceProfileRegistry",
                "io.cityhub.ingest.IngestPipeline",
                "io.cityhub.buffer.mapdb.MapDbReadingBuffer",
                "io.cityhub.forward.mqtt.MqttForwarder");
        // the whole seed is checked against the components' metatypes by the OSGi integration test
        // (SnapshotSeedTest); here: it parses, and each configuration names itself as Kura expects
        assertThat(seed).allSatisfy(c -> assertThat(c.values()).containsEntry("kura.service.pid", c.pid()));
        Map<String, Map<String, Object>> byPid = seed.stream()
                .collect(Collectors.toMap(SnapshotConfiguration::pid, SnapshotConfiguration::values));
        assertThat(byPid.get("io.cityhub.sensor.coap.CoapSensorServer"))
                .contains(entry("bind.address", "0.0.0.0"), entry("port", 5683));
        assertThat(byPid.get("io.cityhub.buffer.mapdb.MapDbReadingBuffer"))
                .contains(entry("store.directory", "buffer"));
        assertThat(byPid.get("io.cityhub.forward.mqtt.MqttForwarder")).contains(
                entry("broker.uris", "tcp://127.0.0.1:1883"), entry("gateway.id", "cityhub-gw"),
                entry("topic.prefix", "cityhub"));
    }

    @Test
    void readsTheSeedWithEveryPropertyWrittenExplicitly() throws IOException {
        // Kura's writer always emits kura.service.pid, array and encrypted; the seed follows it exactly
        String seed = Files.readString(Path.of("../../kura-config/snapshot_0.xml"));

        assertThat(List.of(seed.split("<esf:property ", -1)).subList(1, seed.split("<esf:property ", -1).length))
                .hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(p -> assertThat(p).contains("array=\"false\"", "encrypted=\"false\""));
        assertThat(seed).doesNotContain("encrypted=\"true\"");
    }
}
