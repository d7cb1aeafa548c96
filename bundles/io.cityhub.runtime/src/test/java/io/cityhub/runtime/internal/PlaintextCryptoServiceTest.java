package io.cityhub.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlaintextCryptoServiceTest {

    private final PlaintextCryptoService crypto = new PlaintextCryptoService();

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> crypto.decryptAes(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> crypto.encryptAes(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void returnsThePlaintextPasswordTheLoaderAlreadyDecoded() {
        char[] value = "s3cret".toCharArray();

        assertThat(crypto.decryptAes(value)).containsExactly("s3cret".toCharArray());
        assertThat(crypto.encryptAes(value)).containsExactly("s3cret".toCharArray());
    }

    @Test
    void returnsACopySoTheCallerMayWipeEither() {
        char[] value = "s3cret".toCharArray();

        char[] result = crypto.decryptAes(value);
        java.util.Arrays.fill(value, '\0');

        assertThat(result).isNotSameAs(value).containsExactly("s3cret".toCharArray());
    }
}
