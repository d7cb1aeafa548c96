package io.cityhub.benchmarks.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeRedPeerTest {

    @TempDir
    Path dir;

    @Test
    void aTopicThatWouldBreakTheFlowIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NodeRedPeer.flow(5683, 1883, "a\"b"));
        assertThrows(IllegalArgumentException.class, () -> NodeRedPeer.flow(5683, 1883, "a'b"));
        assertThrows(IllegalArgumentException.class, () -> NodeRedPeer.flow(5683, 1883, "a\\b"));
    }

    @Test
    void aMissingOrOtherVersionIsNotTakenForAnInstall() throws IOException {
        assertFalse(NodeRedPeer.installed(dir, "4.1.15"));
        Path red = dir.resolve("node_modules/node-red");
        Files.createDirectories(red);
        Files.writeString(red.resolve("package.json"), "{\"name\": \"node-red\", \"version\": \"4.1.14\"}");
        Files.createDirectories(dir.resolve("node_modules/node-red-contrib-coap"));
        Files.writeString(dir.resolve("node_modules/node-red-contrib-coap/package.json"), "{\"version\": \"0.6.0\"}");
        assertFalse(NodeRedPeer.installed(dir, "4.1.15"), "another version must be installed anew");
        assertTrue(NodeRedPeer.installed(dir, "4.1.14"));
        Files.delete(dir.resolve("node_modules/node-red-contrib-coap/package.json"));
        assertFalse(NodeRedPeer.installed(dir, "4.1.14"), "without the CoAP nodes there is no peer");
    }

    @Test
    void packageVersionIsReadOrNull() {
        assertEquals("4.1.15",
                NodeRedPeer.packageVersion("{\n  \"name\": \"node-red\",\n  \"version\" : \"4.1.15\"\n}"));
        assertNull(NodeRedPeer.packageVersion("{\"name\": \"x\"}"));
    }

    @Test
    void theFlowIsValidJsonAndWiresCoapInToAFunctionToMqttOutOnTheGivenPorts() throws IOException {
        String flow = NodeRedPeer.flow(41234, 42345, "cityhub/peer/telemetry/readings");
        List<Map<String, Object>> nodes = parse(flow);
        Map<String, Map<String, Object>> byType = new HashMap<>();
        for (Map<String, Object> n : nodes) {
            byType.put((String) n.get("type"), n);
        }
        assertEquals(6, nodes.size(), flow);
        assertEquals("41234", byType.get("coap-server").get("port"));
        assertEquals(false, byType.get("coap-server").get("ipv6"));
        Map<String, Object> in = byType.get("coap in");
        assertEquals("POST", in.get("method"));
        assertEquals("/" + NodeRedPeer.PATH, in.get("url"));
        assertEquals("coapserver", in.get("server"));
        assertEquals(List.of(List.of("answer")), in.get("wires"));
        Map<String, Object> fn = byType.get("function");
        assertEquals("answer", fn.get("id"));
        assertEquals(List.of(List.of("mqttout")), fn.get("wires"));
        String code = (String) fn.get("func");
        assertTrue(code.indexOf("res.end()") < code.indexOf("return msg"), "answers before it passes on: " + code);
        assertTrue(code.contains("res.code = '2.04'"), code);
        assertTrue(code.contains("msg.payload = req.payload"), "passes the SenML on unchanged: " + code);
        assertTrue(code.contains("msg.topic = 'cityhub/peer/telemetry/readings'"), code);
        assertTrue(code.contains("\n"), "statements on their own lines: " + code);
        Map<String, Object> mqtt = byType.get("mqtt out");
        assertEquals("1", mqtt.get("qos"));
        assertEquals("broker", mqtt.get("broker"));
        Map<String, Object> broker = byType.get("mqtt-broker");
        assertEquals("127.0.0.1", broker.get("broker"));
        assertEquals("42345", broker.get("port"));
    }

    @Test
    void settingsKeepNodeRedOnLoopbackHeadlessAndQuiet() {
        String s = NodeRedPeer.settings(43210);
        assertTrue(s.contains("uiHost: \"127.0.0.1\""), s);
        assertTrue(s.contains("uiPort: 43210"), s);
        assertTrue(s.contains("disableEditor: true"), s);
        assertTrue(s.contains("httpAdminRoot: false"), s);
        assertTrue(s.contains("httpNodeRoot: false"), s);
        assertTrue(s.contains("telemetry: { enabled: false }"), s);
        assertTrue(s.contains("diagnostics: { enabled: false }"), s);
        assertTrue(s.contains("flowFile: \"flows.json\""), s);
    }

    /** A small reader for the flow's JSON: arrays of objects, strings, numbers, booleans. */
    private static List<Map<String, Object>> parse(String json) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            assertEquals(JsonToken.START_ARRAY, p.nextToken());
            List<Map<String, Object>> out = new ArrayList<>();
            while (p.nextToken() == JsonToken.START_OBJECT) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) value(p);
                out.add(m);
            }
            assertEquals(JsonToken.END_ARRAY, p.currentToken());
            assertNull(p.nextToken(), "nothing after the array");
            return out;
        }
    }

    private static Object value(JsonParser p) throws IOException {
        return switch (p.currentToken()) {
            case START_OBJECT -> {
                Map<String, Object> m = new HashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    assertFalse(m.containsKey(name), "duplicate key " + name);
                    m.put(name, value(p));
                }
                yield m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(value(p));
                }
                yield l;
            }
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getLongValue();
            case VALUE_TRUE -> true;
            case VALUE_FALSE -> false;
            case VALUE_NULL -> null;
            default -> throw new IOException("unexpected " + p.currentToken());
        };
    }
}
