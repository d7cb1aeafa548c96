package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.junit.jupiter.api.Test;

class RuntimeCryptoServiceTest {

    private static final String SECRET = "uplink-Pa55-7c1e9a4f";

    private final RuntimeCryptoService crypto = RuntimeCryptoService.withRandomKey();

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> crypto.decryptAes(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> crypto.encryptAes(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void ciphertextNeitherContainsNorEncodesThePlaintextAndDecryptsBack() throws KuraException {
        String encrypted = new String(crypto.encryptAes(SECRET.toCharArray()));

        assertThat(encrypted)
                .doesNotContain(SECRET)
                .doesNotContain(Base64.getEncoder()
                        .withoutPadding()
                        .encodeToString(SECRET.getBytes())
                        .substring(0, 16));
        assertThat(crypto.decryptAes(encrypted.toCharArray())).containsExactly(SECRET.toCharArray());
    }

    @Test
    void encryptingTwiceGivesDifferentTextThatBothDecrypt() throws KuraException {
        char[] first = crypto.encryptAes(SECRET.toCharArray());
        char[] second = crypto.encryptAes(SECRET.toCharArray());

        assertThat(first).isNotEqualTo(second);
        assertThat(crypto.decryptAes(first)).containsExactly(crypto.decryptAes(second));
    }

    @Test
    void roundTripsNonAsciiAndEmptyText() throws KuraException {
        for (String plain : new String[] {"", "päss wört €", "\uD83D\uDD11"}) {
            assertThat(crypto.decryptAes(crypto.encryptAes(plain.toCharArray()))).containsExactly(plain.toCharArray());
        }
    }

    @Test
    void refusesPlaintextAlteredTextAndAnotherRunsTextWithoutShowingThem() throws KuraException {
        char[] encrypted = crypto.encryptAes(SECRET.toCharArray());
        char[] altered = encrypted.clone();
        altered[20] = altered[20] == 'A' ? 'B' : 'A';
        char[] otherKey = RuntimeCryptoService.withRandomKey().encryptAes(SECRET.toCharArray());
        String notBase64 = SECRET;
        String tooShort = Base64.getEncoder().encodeToString(new byte[20]);

        for (char[] bad : new char[][] {notBase64.toCharArray(), tooShort.toCharArray(), altered, otherKey}) {
            assertThatThrownBy(() -> crypto.decryptAes(bad))
                    .as(new String(bad))
                    .isInstanceOfSatisfying(KuraException.class,
                            e -> assertThat(e.getCode()).isEqualTo(KuraErrorCode.INVALID_PARAMETER))
                    .hasMessageContaining("not a value encrypted by this runtime's CryptoService")
                    .hasMessageNotContaining(SECRET)
                    .hasMessageNotContaining(new String(bad));
        }
    }

    @Test
    void returnsNewArraysSoTheCallerMayWipeThem() throws KuraException {
        char[] value = SECRET.toCharArray();
        char[] encrypted = crypto.encryptAes(value);
        Arrays.fill(value, '\0');

        char[] decrypted = crypto.decryptAes(encrypted);
        Arrays.fill(encrypted, '\0');

        assertThat(decrypted).containsExactly(SECRET.toCharArray());
    }
}
