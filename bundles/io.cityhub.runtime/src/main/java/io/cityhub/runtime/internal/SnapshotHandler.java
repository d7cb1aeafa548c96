package io.cityhub.runtime.internal;

import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * The SAX callbacks of {@link SnapshotReader}: a small state machine over the element depth that validates the
 * snapshot as it streams by and builds the configurations. Validation failures are thrown as {@link Invalid},
 * carrying the line.
 */
final class SnapshotHandler extends DefaultHandler {

    private static final String ROOT = "esf:configurations";
    private static final String CONFIGURATION = "esf:configuration";
    private static final String PROPERTIES = "esf:properties";
    private static final String PROPERTY = "esf:property";
    private static final String VALUE = "esf:value";

    private static final String FACTORY_PID = "service.factoryPid";
    /** Owned by ConfigurationAdmin: accepted (Kura-written snapshots may hold them) but never pushed. */
    private static final List<String> CM_OWNED = List.of("service.pid", "service.bundleLocation");

    /** A validation failure raised inside the SAX callbacks, carrying its line. */
    static final class Invalid extends SAXException {
        private static final long serialVersionUID = 1L;
        private final int line;

        Invalid(int line, String problem) {
            super(problem);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    /** The property being read: its attributes and the values seen so far. */
    private static final class PropertyInProgress {
        final String name;
        final KuraType type;
        final boolean array;
        final boolean encrypted;
        final int line;
        final List<Object> values = new ArrayList<>();

        PropertyInProgress(String name, KuraType type, boolean array, boolean encrypted, int line) {
            this.name = name;
            this.type = type;
            this.array = array;
            this.encrypted = encrypted;
            this.line = line;
        }
    }

    /** The configuration being read. */
    private static final class ConfigurationInProgress {
        final String pid;
        final int line;
        final List<SnapshotProperty> properties = new ArrayList<>();
        /** lower-cased name → line: ConfigurationAdmin property names are case-insensitive. */
        final Map<String, Integer> seen = new HashMap<>();
        String factoryPid;
        boolean hasKuraServicePid;
        boolean hasProperties;

        ConfigurationInProgress(String pid, int line) {
            this.pid = pid;
            this.line = line;
        }
    }

    /** true for the runtime's own snapshots: encrypted Password values are the runtime's ciphertext, kept. */
    private final boolean runtimeCiphertext;
    private final List<SnapshotConfiguration> configurations = new ArrayList<>();
    private final Map<String, Integer> pidLines = new HashMap<>();
    private final List<String> open = new ArrayList<>();
    private Locator locator;
    private ConfigurationInProgress configuration;
    private PropertyInProgress property;
    private StringBuilder valueText;
    private int valueLine;

    /**
     * @param runtimeCiphertext true if {@code encrypted="true"} Password values are ciphertext of the runtime's
     *     CryptoService (its own snapshots), false if they are Kura's (base64 of the plaintext accepted)
     */
    SnapshotHandler(boolean runtimeCiphertext) {
        this.runtimeCiphertext = runtimeCiphertext;
    }

    @Override
    public void setDocumentLocator(Locator locator) {
        this.locator = locator;
    }

    private int line() {
        return locator == null ? 1 : Math.max(1, locator.getLineNumber());
    }

    @Override
    public InputSource resolveEntity(String publicId, String systemId) throws SAXException {
        // unreachable while DOCTYPE is refused; a second lock in case a parser ignores that feature
        throw new Invalid(line(), "external entity '" + systemId + "' refused");
    }

    @Override
    public void startElement(String uri, String localName, String name, Attributes attributes) throws SAXException {
        int depth = open.size();
        switch (depth) {
            case 0 -> expect(name, ROOT, "as the root element (Kura requires the esf: prefix)");
            case 1 -> {
                expect(name, CONFIGURATION, "inside " + ROOT);
                startConfiguration(attributes);
            }
            case 2 -> {
                expect(name, PROPERTIES, "inside " + CONFIGURATION);
                if (configuration.hasProperties) {
                    throw new Invalid(line(), "configuration '" + configuration.pid + "' has a second "
                            + PROPERTIES + " element");
                }
                configuration.hasProperties = true;
            }
            case 3 -> {
                expect(name, PROPERTY, "inside " + PROPERTIES);
                startProperty(attributes);
            }
            case 4 -> {
                expect(name, VALUE, "inside " + PROPERTY + " '" + property.name + "'");
                valueText = new StringBuilder();
                valueLine = line();
            }
            default -> throw new Invalid(line(), "unexpected element '" + name + "' inside " + VALUE);
        }
        open.add(name);
    }

    private void expect(String name, String expected, String where) throws Invalid {
        if (!expected.equals(name)) {
            throw new Invalid(line(), "unexpected element '" + name + "', expected '" + expected + "' " + where);
        }
    }

    private void startConfiguration(Attributes attributes) throws Invalid {
        String pid = attributes.getValue("pid");
        if (pid == null || pid.isBlank()) {
            throw new Invalid(line(), CONFIGURATION + " has no 'pid' attribute");
        }
        Integer first = pidLines.putIfAbsent(pid, line());
        if (first != null) {
            throw new Invalid(line(), "configuration pid '" + pid + "' appears twice (first on line " + first
                    + ")");
        }
        configuration = new ConfigurationInProgress(pid, line());
    }

    private void startProperty(Attributes attributes) throws Invalid {
        String name = attributes.getValue("name");
        if (name == null || name.isBlank()) {
            throw new Invalid(line(), PROPERTY + " in configuration '" + configuration.pid
                    + "' has no 'name' attribute");
        }
        String typeName = attributes.getValue("type");
        if (typeName == null) {
            throw new Invalid(line(), "property '" + name + "' has no 'type' attribute");
        }
        KuraType type = KuraType.fromKuraName(typeName).orElseThrow(() -> new Invalid(line(), "property '"
                + name + "' has unknown type '" + typeName + "' (expected one of " + typeNames() + ")"));
        boolean array = flag(attributes, "array", name);
        boolean encrypted = flag(attributes, "encrypted", name);
        if (encrypted && type != KuraType.PASSWORD) {
            throw new Invalid(line(), "property '" + name + "' of type " + typeName
                    + " is marked encrypted=\"true\"; only Password values can be encrypted");
        }
        property = new PropertyInProgress(name, type, array, encrypted, line());
    }

    private boolean flag(Attributes attributes, String attribute, String propertyName) throws Invalid {
        String value = attributes.getValue(attribute);
        if (value == null || "false".equals(value)) {
            return false; // Kura reads a missing flag as false
        }
        if ("true".equals(value)) {
            return true;
        }
        throw new Invalid(line(), "property '" + propertyName + "' has " + attribute + "=\"" + value
                + "\" (expected true or false)");
    }

    private static String typeNames() {
        StringBuilder names = new StringBuilder();
        for (KuraType type : KuraType.values()) {
            names.append(names.length() == 0 ? "" : ", ").append(type.kuraName());
        }
        return names.toString();
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        if (valueText != null) {
            valueText.append(ch, start, length);
            return;
        }
        String chunk = new String(ch, start, length);
        String text = chunk.strip();
        if (!text.isEmpty()) {
            // the locator stands at the end of the chunk; name the line where the text begins
            String fromText = chunk.substring(chunk.indexOf(text.charAt(0)));
            int textLine = Math.max(1, line() - (int) fromText.chars().filter(c -> c == '\n').count());
            String where = open.isEmpty() ? "outside the root element" : "inside " + open.get(open.size() - 1);
            throw new Invalid(textLine, "unexpected text '" + abbreviate(text) + "' " + where);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }

    @Override
    public void endElement(String uri, String localName, String name) throws SAXException {
        open.remove(open.size() - 1);
        switch (open.size()) {
            case 4 -> endValue();
            case 3 -> endProperty();
            case 1 -> endConfiguration();
            default -> {
                // esf:properties and the root need no work when they close
            }
        }
    }

    private void endValue() throws Invalid {
        String text = valueText.toString();
        valueText = null;
        String shown = "property '" + property.name + "' of type " + property.type.kuraName();
        if (property.type == KuraType.PASSWORD && property.encrypted) {
            property.values.add(runtimeCiphertext ? text : decodeEncryptedPassword(text, shown));
            return;
        }
        try {
            property.values.add(property.type.parse(text));
        } catch (IllegalArgumentException e) {
            throw new Invalid(valueLine, shown + " has value '" + text + "'" + hint(property.type));
        }
    }

    private static String hint(KuraType type) {
        return switch (type) {
            case BOOLEAN -> " (expected true or false)";
            case CHAR -> " (expected exactly one character)";
            default -> "";
        };
    }

    private String decodeEncryptedPassword(String text, String shown) throws Invalid {
        try {
            byte[] bytes = Base64.getDecoder().decode(text);
            String plain = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            // AES cipher text is random bytes: it almost never decodes to control-free UTF-8
            if (plain.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("control characters");
            }
            return plain;
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new Invalid(valueLine, shown + " is marked encrypted=\"true\" but its value is not base64 of"
                    + " UTF-8 text; the standalone runtime cannot decrypt Kura AES values: write the plaintext"
                    + " with encrypted=\"false\"");
        }
    }

    private void endProperty() throws Invalid {
        PropertyInProgress p = property;
        property = null;
        if (!p.array && p.values.size() != 1) {
            throw new Invalid(p.line, "property '" + p.name + "' has " + p.values.size() + " " + VALUE
                    + " elements but is not an array (expected exactly one)");
        }
        Integer first = configuration.seen.putIfAbsent(p.name.toLowerCase(Locale.ROOT), p.line);
        if (first != null) {
            throw new Invalid(p.line, "property '" + p.name + "' appears twice in configuration '"
                    + configuration.pid + "' (first on line " + first
                    + "; ConfigurationAdmin names are case-insensitive)");
        }
        if (p.array && p.values.isEmpty() && !runtimeCiphertext) {
            // Kura never writes an empty array and skips one if present; the runtime's own snapshots keep one (a
            // multi-valued attribute a technician cleared must not come back with its default after a restart)
            return;
        }
        Object value = p.array ? toArray(p) : p.values.get(0);
        if (FACTORY_PID.equals(p.name)) {
            configuration.factoryPid = identity(p, value);
        } else if (SnapshotConfiguration.KURA_SERVICE_PID.equals(p.name)) {
            String kuraPid = identity(p, value);
            if (!kuraPid.equals(configuration.pid)) {
                throw new Invalid(p.line, "property '" + p.name + "' is '" + kuraPid
                        + "' but the configuration pid is '" + configuration.pid + "'");
            }
            configuration.hasKuraServicePid = true;
            configuration.properties.add(new SnapshotProperty(p.name, p.type, false, value, p.line));
        } else if (!CM_OWNED.contains(p.name)) {
            boolean sealed = runtimeCiphertext && p.type == KuraType.PASSWORD && p.encrypted;
            configuration.properties.add(new SnapshotProperty(p.name, p.type, p.array, value, p.line, sealed));
        }
    }

    private static Object toArray(PropertyInProgress p) {
        Object array = Array.newInstance(p.type.javaType(), p.values.size());
        for (int i = 0; i < p.values.size(); i++) {
            Array.set(array, i, p.values.get(i));
        }
        return array;
    }

    private static String identity(PropertyInProgress p, Object value) throws Invalid {
        if (p.type != KuraType.STRING || p.array || ((String) value).isBlank()) {
            throw new Invalid(p.line, "property '" + p.name + "' must be a non-empty String, not an array");
        }
        return (String) value;
    }

    private void endConfiguration() {
        ConfigurationInProgress c = configuration;
        configuration = null;
        List<SnapshotProperty> properties = new ArrayList<>(c.properties);
        if (!c.hasKuraServicePid) {
            // Kura adds it too: the web UI, REST and snapshots identify every configuration by it
            properties.add(new SnapshotProperty(SnapshotConfiguration.KURA_SERVICE_PID, KuraType.STRING, false,
                    c.pid, 0));
        }
        configurations.add(new SnapshotConfiguration(c.pid, c.factoryPid, properties, c.line));
    }

    /** @return the configurations read so far, in file order */
    List<SnapshotConfiguration> configurations() {
        return configurations;
    }
}
