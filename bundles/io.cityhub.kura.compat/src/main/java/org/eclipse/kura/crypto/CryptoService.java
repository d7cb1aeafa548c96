package org.eclipse.kura.crypto;

import org.eclipse.kura.KuraException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The part of Kura's CryptoService cityhub uses: inside Kura, attributes of type Password reach a component
 * AES-encrypted and are decrypted with {@link #decryptAes(char[])}.
 */
@ProviderType
public interface CryptoService {

    /**
     * @param encryptedValue the encrypted text, not null
     * @return the plain text
     * @throws KuraException if the value cannot be decrypted
     */
    char[] decryptAes(char[] encryptedValue) throws KuraException;

    /**
     * @param value the plain text, not null
     * @return the encrypted text
     * @throws KuraException if encryption fails
     */
    char[] encryptAes(char[] value) throws KuraException;
}
