package io.cityhub.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each rule of {@link SeedChecker} fires on a snapshot that breaks it, naming PID, property and rule. */
class SeedCheckerTest {

    private static final String METATYPE = """
            <metatype:MetaData xmlns:metatype="http://www.osgi.org/xmlns/metatype/v1.2.0">
              <OCD id="x.Server" name="server">
                <AD id="port" type="Integer" min="1" max="65535" default="5683"/>
                <AD id="mode" type="String" default="a"><Option label="A" value="a"/><Option label="B" value="b"/></AD>
                <AD id="note" type="String" required="false" default=""/>
                <AD id="name" type="String"/>
                <AD id="hosts" type="String" cardinality="3"/>
                <AD id="secret" type="Password" required="false" default=""/>
              </OCD>
              <Designate pid="x.Server"><Object ocdref="x.Server"/></Designate>
              <OCD id="x.Device" name="device"><AD id="eui" type="String"/></OCD>
              <Designate factoryPid="x.Device"><Object ocdref="x.Device"/></Designate>
            </metatype:MetaData>
            """;

    private SeedChecker checker;

    @BeforeEach
    void readMetatype() throws IOException {
        checker = new SeedChecker();
        checker.addMetatype("test metatype", stream(METATYPE));
    }

    @Test
    void acceptsAValidSnapshotWithAFactoryInstanceAndACommentedExample() throws IOException {
        assertThat(check(server(prop("port", "Integer", "1700") + prop("mode", "String", "b")
                + prop("note", "String", "") + prop("secret", "Password", "s3cret")
                + "<esf:property name=\"hosts\" type=\"String\" array=\"true\" encrypted=\"false\">"
                + "<esf:value>a</esf:value><esf:value>b</esf:value></esf:property>")
                + device("parking-17", prop("eui", "String", "70B3D57ED0001717"))
                + "<!-- an example: " + device("door-1", prop("eui", "String", "0011")) + " -->")).isEmpty();
    }

    @Test
    void namesPidPropertyAndRuleOfEachBrokenValue() throws IOException {
        List<String> problems = check(server(prop("port", "Integer", "70000") + prop("mode", "String", "c")
                + prop("name", "String", "") + prop("porte", "Integer", "1") + prop("note", "Integer", "1")
                + prop("hosts", "String", "x")));
        assertThat(problems).hasSize(5).allMatch(p -> p.startsWith("seed: x.Server: property '"));
        assertThat(problems).anyMatch(p -> p.contains("'port'") && p.contains("rule 'within min/max'"))
                .anyMatch(p -> p.contains("'mode'") && p.contains("rule 'one of the options'"))
                .anyMatch(p -> p.contains("'name'") && p.contains("rule 'required'"))
                .anyMatch(p -> p.contains("'porte'") && p.contains("rule 'name exists'"))
                .anyMatch(p -> p.contains("'note'") && p.contains("rule 'type matches'"))
                .noneMatch(p -> p.contains("'hosts'"));
        assertThat(check(server(prop("port", "Integer", "abc"))))
                .singleElement().asString().contains("'port'", "rule 'parses as Integer'");
        assertThat(check(server("<esf:property name=\"port\" type=\"Integer\" array=\"true\" encrypted=\"false\">"
                + "<esf:value>1</esf:value></esf:property>")))
                .singleElement().asString().contains("'port'", "rule 'cardinality'");
    }

    @Test
    void checksFactoryInstancesByTheirFactoryPid() throws IOException {
        assertThat(check(device("parking-17", prop("eui", "String", "")))).singleElement().asString()
                .contains("parking-17: property 'eui'", "rule 'required'");
        assertThat(check(device("parking.17", prop("eui", "String", "1")))).singleElement().asString()
                .contains("rule 'instance name without dots'");
        assertThat(check(configuration("x.Device", prop("eui", "String", "1")))).singleElement().asString()
                .contains("rule 'factory instance marked by service.factoryPid'");
        assertThat(check(configuration("x.Unknown", ""))).singleElement().asString()
                .contains("x.Unknown", "rule 'PID has a metatype'");
        assertThat(check(configuration("x.Server", prop("service.pid", "String", "x.Server")))).singleElement()
                .asString().contains("'service.pid'", "rule 'never written'");
    }

    @Test
    void checksTheCommentedExamplesAsIfUncommented() throws IOException {
        assertThat(check("<!-- " + device("door-1", prop("eui", "String", "") ) + " -->")).singleElement()
                .asString().contains("(commented example): door-1: property 'eui'", "rule 'required'");
        assertThat(check("<!-- <esf:configuration pid=\"broken\"> -->")).singleElement().asString()
                .contains("(commented example): not well-formed");
    }

    private List<String> check(String configurations) throws IOException {
        return checker.check("seed", stream("<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\">"
                + configurations + "</esf:configurations>"));
    }

    private static String server(String properties) {
        return configuration("x.Server", prop("kura.service.pid", "String", "x.Server") + properties);
    }

    private static String device(String name, String properties) {
        return configuration(name, prop("service.factoryPid", "String", "x.Device")
                + prop("kura.service.pid", "String", name) + properties);
    }

    private static String configuration(String pid, String properties) {
        return "<esf:configuration pid=\"" + pid + "\"><esf:properties>" + properties
                + "</esf:properties></esf:configuration>";
    }

    private static String prop(String name, String type, String value) {
        return "<esf:property name=\"" + name + "\" type=\"" + type + "\" array=\"false\" encrypted=\"false\">"
                + "<esf:value>" + value + "</esf:value></esf:property>";
    }

    private static ByteArrayInputStream stream(String xml) {
        return new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8));
    }
}
