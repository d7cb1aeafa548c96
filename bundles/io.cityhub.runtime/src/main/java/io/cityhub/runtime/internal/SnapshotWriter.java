package io.cityhub.runtime.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.crypto.CryptoService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes configurations as a Kura snapshot ({@code esf:} format, the one {@link SnapshotReader} reads): one
 * {@code esf:configuration} per configuration, sorted by PID, properties sorted by name, so the same configuration
 * always gives the same text.
 *
 * <p>ConfigurationAdmin does not know Kura's types, so each value's type is taken from its Java type. A String is a
 * Password if the snapshot the runtime started from declared it one, or if it is ciphertext of the runtime's
 * CryptoService (the web UI and the snapshot loader store Password values so); a Password value is written as that
 * ciphertext with {@code encrypted="true"}, never as plaintext. Values XML cannot hold (control characters other
 * than tab, line feed and carriage return) and types a snapshot cannot declare are left out with an ERROR line
 * naming PID and attribute.
 */
final class SnapshotWriter {

    /**
     * One configuration as ConfigurationAdmin holds it.
     *
     * @param pid the configuration's PID ({@code service.pid})
     * @param factoryPid its factory PID, or null for a singleton
     * @param properties its properties, not null
     */
    record Stored(String pid, String factoryPid, Dictionary<String, ?> properties) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
    private static final Set<String> CM_OWNED = Set.of("service.pid", "service.factoryPid", "service.bundleLocation");

    private final CryptoService crypto;
    private final Set<String> knownPasswords;

    /**
     * @param crypto the runtime's CryptoService: a String it decrypts is a Password value
     * @param knownPasswords {@code "<snapshot pid>/<attribute>"} of every Password attribute of the snapshot the
     *     runtime started from, so a value that does not decrypt (another key) is still written as a Password
     */
    SnapshotWriter(CryptoService crypto, Set<String> knownPasswords) {
        this.crypto = Objects.requireNonNull(crypto, "crypto");
        this.knownPasswords = Set.copyOf(knownPasswords);
    }

    /**
     * @param configurations what to write
     * @param header a line for the comment at the top (where the snapshot comes from), without {@code --}
     * @return the snapshot's text
     */
    String write(Collection<Stored> configurations, String header) {
        List<Stored> sorted = new ArrayList<>(configurations);
        sorted.sort(Comparator.comparing(Stored::pid));
        StringBuilder xml = new StringBuilder(4096);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<!-- ").append(header.replace("--", "- -")).append(" -->\n");
        xml.append("<esf:configurations xmlns:esf=\"http://eurotech.com/esf/2.0\"")
                .append(" xmlns:ocd=\"http://www.osgi.org/xmlns/metatype/v1.2.0\">\n");
        Set<String> used = new HashSet<>();
        for (Stored stored : sorted) {
            String name = snapshotPid(stored);
            if (!used.add(name)) {
                // two instances may share a kura.service.pid under different factories; a snapshot may not
                LOG.warn("cityhub: configuration {} is written under its PID: its kura.service.pid '{}' is taken",
                        stored.pid(), name);
                name = stored.pid();
                used.add(name);
            }
            configuration(xml, stored, name);
        }
        xml.append("</esf:configurations>\n");
        return xml.toString();
    }

    /** Kura names a factory instance by its kura.service.pid, a singleton by its PID. */
    private static String snapshotPid(Stored stored) {
        if (stored.factoryPid() != null
                && stored.properties().get(SnapshotConfiguration.KURA_SERVICE_PID) instanceof String name
                && !name.isBlank()) {
            return name;
        }
        return stored.pid();
    }

    private void configuration(StringBuilder xml, Stored stored, String name) {
        xml.append("  <esf:configuration pid=\"").append(escape(name)).append("\">\n");
        xml.append("    <esf:properties>\n");
        if (stored.factoryPid() != null) {
            property(xml, "service.factoryPid", KuraType.STRING, false, List.of(stored.factoryPid()), false);
        }
        List<String> keys = Collections.list(stored.properties().keys());
        keys.sort(Comparator.naturalOrder());
        for (String key : keys) {
            if (CM_OWNED.contains(key)) {
                continue;
            }
            Object value = stored.properties().get(key);
            if (SnapshotConfiguration.KURA_SERVICE_PID.equals(key) && !name.equals(value)) {
                continue; // the reader would refuse a kura.service.pid other than the snapshot pid
            }
            valueOf(xml, stored, name, key, value);
        }
        xml.append("    </esf:properties>\n");
        xml.append("  </esf:configuration>\n");
    }

    private void valueOf(StringBuilder xml, Stored stored, String name, String key, Object value) {
        boolean array = value.getClass().isArray() || value instanceof Collection;
        List<Object> values = array ? elements(value) : List.of(value);
        KuraType type = values.isEmpty() ? emptyType(value) : typeOf(values);
        if (type == null) {
            LOG.error("cityhub: configuration {} attribute '{}' has a value of type {}, which a snapshot cannot hold;"
                    + " it is left out of the snapshot and will not survive a restart", stored.pid(), key,
                    value.getClass().getName());
            return;
        }
        for (Object one : values) {
            if (!writable(one.toString())) {
                LOG.error("cityhub: configuration {} attribute '{}' holds control characters, which a snapshot cannot"
                        + " hold; it is left out of the snapshot and will not survive a restart", stored.pid(), key);
                return;
            }
        }
        boolean password = type == KuraType.STRING && isPassword(name, key, values);
        property(xml, key, password ? KuraType.PASSWORD : type, array, values, password);
    }

    private boolean isPassword(String name, String key, List<Object> values) {
        if (knownPasswords.contains(name + "/" + key)) {
            return true;
        }
        boolean any = false;
        for (Object one : values) {
            String text = (String) one;
            if (text.isEmpty()) {
                continue;
            }
            if (!decrypts(text)) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private boolean decrypts(String text) {
        // ciphertext is base64 of at least 28 bytes; anything else is not worth a cipher call
        if (text.length() < 40 || !text.chars().allMatch(SnapshotWriter::isBase64)) {
            return false;
        }
        try {
            Arrays.fill(crypto.decryptAes(text.toCharArray()), '\0');
            return true;
        } catch (KuraException e) {
            return false;
        }
    }

    private static boolean isBase64(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                || c == '=';
    }

    private static void property(StringBuilder xml, String key, KuraType type, boolean array, List<Object> values,
            boolean encrypted) {
        xml.append("      <esf:property name=\"").append(escape(key)).append("\" type=\"").append(type.kuraName())
                .append("\" array=\"").append(array).append("\" encrypted=\"").append(encrypted).append("\">");
        for (Object one : values) {
            // no whitespace around a value: the reader takes a value's text verbatim
            xml.append("<esf:value>").append(escape(one.toString())).append("</esf:value>");
        }
        xml.append("</esf:property>\n");
    }

    private static List<Object> elements(Object value) {
        if (value instanceof Collection<?> collection) {
            return new ArrayList<>(collection);
        }
        int length = Array.getLength(value);
        List<Object> values = new ArrayList<>(length);
        for (int i = 0; i < length; i++) {
            values.add(Array.get(value, i)); // boxes the elements of a primitive array
        }
        return values;
    }

    /** An empty array keeps its element type; an empty collection has none to keep and is written as String. */
    private static KuraType emptyType(Object value) {
        Class<?> element = value.getClass().getComponentType();
        if (element != null) {
            for (KuraType type : KuraType.values()) {
                if (type != KuraType.PASSWORD && (type.javaType() == element || primitive(type) == element)) {
                    return type;
                }
            }
        }
        return KuraType.STRING;
    }

    private static Class<?> primitive(KuraType type) {
        return switch (type) {
            case LONG -> long.class;
            case DOUBLE -> double.class;
            case FLOAT -> float.class;
            case INTEGER -> int.class;
            case BYTE -> byte.class;
            case CHAR -> char.class;
            case BOOLEAN -> boolean.class;
            case SHORT -> short.class;
            default -> null;
        };
    }

    /** @return the one Kura type of every value, or null if there is none */
    private static KuraType typeOf(List<Object> values) {
        KuraType type = null;
        for (Object one : values) {
            KuraType this1 = typeOf(one);
            if (this1 == null || type != null && type != this1) {
                return null;
            }
            type = this1;
        }
        return type;
    }

    private static KuraType typeOf(Object value) {
        if (value == null) {
            return null;
        }
        for (KuraType type : KuraType.values()) {
            if (type != KuraType.PASSWORD && type.javaType() == value.getClass()) {
                return type;
            }
        }
        return null;
    }

    /** XML 1.0 can hold tab, line feed and carriage return, but no other control character, not even escaped. */
    private static boolean writable(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c != 0xFFFE && c != 0xFFFF || c == '\t' || c == '\n'
                || c == '\r');
    }

    /** Escapes for text and attribute values; tab, CR and LF as character references so parsing keeps them. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\t' -> out.append("&#9;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
