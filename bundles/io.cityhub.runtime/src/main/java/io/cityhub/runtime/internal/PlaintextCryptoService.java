package io.cityhub.runtime.internal;

import java.util.Objects;
import org.eclipse.kura.crypto.CryptoService;
import org.osgi.service.component.annotations.Component;

/**
 * The standalone runtime's {@link CryptoService}: it does NOT encrypt or decrypt anything, and returns a copy
 * of its input.
 *
 * <p>Why that is correct here: components decrypt their Password attributes with
 * {@code CryptoService.decryptAes} because inside Kura those values arrive AES-encrypted (notes/kura.md §1.3).
 * In the standalone runtime the snapshot loader ({@link SnapshotReader}) has already turned every Password value
 * into plaintext before it reaches ConfigurationAdmin (the standalone runtime has no Kura AES key), so the
 * "decryption" a component asks for is the identity, and the same component code runs in both runtimes.
 * {@code encryptAes} is the identity too, so {@code decryptAes(encryptAes(x))} equals {@code x}.
 *
 * <p>Inside Kura this bundle is never installed: Kura's own CryptoService, with its AES key, is used. Nothing
 * here protects a secret; in the standalone runtime passwords are as safe as the snapshot file's permissions.
 */
@Component(service = CryptoService.class)
public final class PlaintextCryptoService implements CryptoService {

    /** Creates the service; it has no configuration and no state. */
    public PlaintextCryptoService() {
        // nothing to set up
    }

    /**
     * @param encryptedValue a Password value as the component received it: plaintext in this runtime; not null
     * @return a copy of {@code encryptedValue}; a copy so the caller may wipe either array
     */
    @Override
    public char[] decryptAes(char[] encryptedValue) {
        return Objects.requireNonNull(encryptedValue, "encryptedValue").clone();
    }

    /**
     * @param value a plaintext value, not null
     * @return a copy of {@code value}, unchanged: this runtime stores Password values as plaintext
     */
    @Override
    public char[] encryptAes(char[] value) {
        return Objects.requireNonNull(value, "value").clone();
    }
}
