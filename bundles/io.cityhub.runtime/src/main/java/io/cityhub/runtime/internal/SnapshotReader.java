package io.cityhub.runtime.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads and validates a Kura configuration snapshot ({@code snapshot_0.xml}) without any OSGi type, so it can be
 * unit-tested and used by tests that compare the seed with the metatypes.
 *
 * <p>Format (notes/kura.md §3): root {@code esf:configurations}; each {@code esf:configuration pid="…"} holds at
 * most one {@code esf:properties}, which holds {@code esf:property name type [array] [encrypted]} elements with
 * one {@code esf:value} each ({@code array="true"}: one per element). Like Kura's own parser, this one is not
 * namespace-aware: the {@code esf:} prefix is part of the element name and is mandatory. A factory instance is a
 * configuration with a {@code service.factoryPid} property; its {@code pid} is the instance name.
 *
 * <p>Password values: {@code encrypted="false"} is plaintext. {@code encrypted="true"} means Kura AES text, or
 * (Kura falls back to this when decryption fails) base64 of the plaintext. The standalone runtime has no Kura
 * AES key, so it accepts only the base64 form and decodes it; AES text fails the check that the decoded bytes
 * are printable UTF-8 and is refused with a message saying to write the plaintext instead.
 *
 * <p>The parser refuses DOCTYPE declarations, so no DTD and no external entity is ever read.
 */
public final class SnapshotReader {

    private final boolean runtimeCiphertext;

    /** A reader of Kura snapshots (the seed): encrypted Password values must be base64 of the plaintext. */
    public SnapshotReader() {
        this(false);
    }

    private SnapshotReader(boolean runtimeCiphertext) {
        this.runtimeCiphertext = runtimeCiphertext;
    }

    /**
     * @return a reader of the runtime's own snapshots ({@link SnapshotPersister}): an {@code encrypted="true"}
     *     Password value is ciphertext of the runtime's CryptoService and is kept as it is, marked
     *     {@link SnapshotProperty#sealed()}
     */
    static SnapshotReader forRuntimeSnapshots() {
        return new SnapshotReader(true);
    }

    /**
     * @param file the snapshot, not null; its {@code toString()} names it in error messages
     * @return the configurations in file order, never null
     * @throws IOException if the file cannot be read
     * @throws SnapshotException if the file is not a valid snapshot; the message names file, line and problem
     */
    public List<SnapshotConfiguration> read(Path file) throws IOException, SnapshotException {
        return read(Files.readAllBytes(file), file.toString());
    }

    /**
     * @param content the snapshot's bytes, not null
     * @param fileName the name used in error messages, not null
     * @return the configurations in file order, never null
     * @throws SnapshotException if the content is not a valid snapshot; the message names file, line and problem
     */
    public List<SnapshotConfiguration> read(byte[] content, String fileName) throws SnapshotException {
        if (new String(content, StandardCharsets.ISO_8859_1).isBlank()) {
            throw new SnapshotException(fileName, 1, "the file is empty");
        }
        SnapshotHandler handler = new SnapshotHandler(runtimeCiphertext);
        try {
            newParser().parse(new InputSource(new ByteArrayInputStream(content)), handler);
        } catch (SnapshotHandler.Invalid e) {
            throw new SnapshotException(fileName, e.line(), e.getMessage());
        } catch (SAXParseException e) {
            throw new SnapshotException(fileName, Math.max(1, e.getLineNumber()), describe(e));
        } catch (SAXException e) {
            throw new SnapshotException(fileName, 1, "cannot parse: " + e.getMessage());
        } catch (IOException e) {
            // a byte array cannot fail to read, and the entity resolver refuses with Invalid; parse() declares it
            throw new SnapshotException(fileName, 1, "cannot read: " + e.getMessage());
        }
        return handler.configurations();
    }

    private static String describe(SAXParseException e) {
        String message = String.valueOf(e.getMessage());
        // the JDK parser reports a refused DOCTYPE with a message naming the Xerces feature; say it plainly
        if (message.contains("DOCTYPE")) {
            return "DOCTYPE declarations are not allowed (DTDs and external entities are refused)";
        }
        return "not well-formed XML: " + message;
    }

    private static SAXParser newParser() {
        try {
            // the JDK's own parser, whatever a bundle or the thread context class loader might offer instead
            SAXParserFactory factory = SAXParserFactory.newDefaultInstance();
            factory.setNamespaceAware(false);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return factory.newSAXParser();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("the JDK XML parser does not support secure processing", e);
        }
    }
}
