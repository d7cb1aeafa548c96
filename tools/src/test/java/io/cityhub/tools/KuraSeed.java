package io.cityhub.tools;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.crypto.CryptoService;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Seeds ConfigurationAdmin from a Kura snapshot the way Kura's ConfigurationService does: typed values, the
 * configuration bound to any location ({@code "?"}), {@code kura.service.pid} set, and Password values stored
 * encrypted by the CryptoService, so a component only sees the plaintext if it decrypts them.
 */
final class KuraSeed {

    private KuraSeed() {
    }

    /**
     * A CryptoService that really transforms: its ciphertext is never equal to the plaintext, and it records what
     * it was asked to decrypt. (Not AES: the test needs a reversible transform, not secrecy.)
     */
    static final class RecordingCryptoService implements CryptoService {

        private static final String PREFIX = "test-aes:";
        final List<String> decrypted = new CopyOnWriteArrayList<>();

        @Override
        public char[] decryptAes(char[] encryptedValue) throws KuraException {
            String value = new String(encryptedValue);
            if (!value.startsWith(PREFIX)) {
                throw new KuraException(KuraErrorCode.INVALID_PARAMETER, "not encrypted by this CryptoService");
            }
            String plain = new StringBuilder(new String(Base64.getDecoder().decode(value.substring(PREFIX.length()))))
                    .reverse().toString();
            decrypted.add(plain);
            return plain.toCharArray();
        }

        @Override
        public char[] encryptAes(char[] value) {
            String reversed = new StringBuilder(new String(value)).reverse().toString();
            return (PREFIX + Base64.getEncoder().encodeToString(reversed.getBytes())).toCharArray();
        }
    }

    /**
     * @param snapshot the snapshot file
     * @param overrides pid → property → replacement value (already typed; a Password value is plaintext)
     * @param configurationAdmin where to seed
     * @param crypto encrypts Password values
     * @return the seeded PIDs
     * @throws IOException if the snapshot cannot be read
     */
    static List<String> seed(Path snapshot, Map<String, Map<String, Object>> overrides,
            ConfigurationAdmin configurationAdmin, CryptoService crypto) throws IOException {
        List<String> pids = new ArrayList<>();
        for (Element configuration : elements(read(snapshot).getElementsByTagName("esf:configuration"))) {
            String pid = configuration.getAttribute("pid");
            Hashtable<String, Object> properties = new Hashtable<>();
            Map<String, String> types = new LinkedHashMap<>();
            for (Element property : elements(configuration.getElementsByTagName("esf:property"))) {
                String name = property.getAttribute("name");
                String type = property.getAttribute("type");
                types.put(name, type);
                List<String> values = new ArrayList<>();
                for (Element value : elements(property.getElementsByTagName("esf:value"))) {
                    values.add(value.getTextContent());
                }
                properties.put(name, "true".equals(property.getAttribute("array"))
                        ? array(type, values) : typed(type, values.get(0)));
            }
            properties.putAll(overrides.getOrDefault(pid, Map.of()));
            for (Map.Entry<String, String> t : types.entrySet()) {
                if ("Password".equals(t.getValue()) && properties.get(t.getKey()) instanceof String plain) {
                    properties.put(t.getKey(), new String(encrypt(crypto, plain)));
                }
            }
            properties.put("kura.service.pid", pid);
            // a factory instance (one sensor, one pin) is marked only by service.factoryPid (notes/kura.md §3)
            Object factoryPid = properties.get("service.factoryPid");
            Configuration config = factoryPid != null
                    ? configurationAdmin.createFactoryConfiguration(factoryPid.toString(), "?")
                    : configurationAdmin.getConfiguration(pid, "?");
            config.update(properties);
            pids.add(pid);
        }
        return pids;
    }

    private static char[] encrypt(CryptoService crypto, String plain) throws IOException {
        try {
            return crypto.encryptAes(plain.toCharArray());
        } catch (KuraException e) {
            throw new IOException("cannot encrypt a Password value", e);
        }
    }

    private static Object typed(String type, String text) {
        Function<String, Object> parser = switch (type) {
            case "String", "Password" -> s -> s;
            case "Integer" -> Integer::valueOf;
            case "Long" -> Long::valueOf;
            case "Short" -> Short::valueOf;
            case "Byte" -> Byte::valueOf;
            case "Double" -> Double::valueOf;
            case "Float" -> Float::valueOf;
            case "Boolean" -> Boolean::valueOf;
            case "Char" -> s -> s.charAt(0);
            default -> throw new IllegalArgumentException("unknown Kura type " + type);
        };
        return parser.apply(text);
    }

    private static Object array(String type, List<String> texts) {
        Object first = typed(type, texts.get(0));
        Object array = Array.newInstance(first.getClass(), texts.size());
        for (int i = 0; i < texts.size(); i++) {
            Array.set(array, i, typed(type, texts.get(i)));
        }
        return array;
    }

    private static org.w3c.dom.Document read(Path snapshot) throws IOException {
        try (InputStream in = Files.newInputStream(snapshot)) {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(false); // Kura's reader matches the literal esf: names
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(snapshot + ": " + e.getMessage(), e);
        }
    }

    private static List<Element> elements(NodeList nodes) {
        List<Element> found = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            found.add((Element) nodes.item(i));
        }
        return found;
    }
}
