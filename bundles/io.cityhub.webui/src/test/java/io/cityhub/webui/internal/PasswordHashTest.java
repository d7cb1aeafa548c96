package io.cityhub.webui.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    private static final int FAST = PasswordHash.MIN_ITERATIONS;
    private final SecureRandom random = new SecureRandom();

    @Test
    void refusesAWrongPassword() {
        PasswordHash hash = PasswordHash.create("lamp-post-42".toCharArray(), FAST, random);

        assertThat(hash.matches("lamp-post-43".toCharArray())).isFalse();
        assertThat(hash.matches("".toCharArray())).isFalse();
        assertThat(hash.matches("LAMP-POST-42".toCharArray())).isFalse();
    }

    @Test
    void acceptsTheRightPasswordAfterARoundTripThroughItsStoredForm() {
        PasswordHash hash = PasswordHash.create("lamp-post-42".toCharArray(), FAST, random);

        PasswordHash parsed = PasswordHash.parse(hash.encoded());

        assertThat(parsed.matches("lamp-post-42".toCharArray())).isTrue();
        assertThat(hash.encoded()).startsWith("pbkdf2-sha256:" + FAST + ":").doesNotContain("lamp");
    }

    @Test
    void saltsEveryHashDifferently() {
        assertThat(PasswordHash.create("same".toCharArray(), FAST, random).encoded())
                .isNotEqualTo(PasswordHash.create("same".toCharArray(), FAST, random).encoded());
    }

    @Test
    void refusesAnEmptyPasswordAndTooFewOrTooManyIterations() {
        assertThatThrownBy(() -> PasswordHash.create(new char[0], FAST, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> PasswordHash.create("x".toCharArray(), FAST - 1, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iterations");
        assertThatThrownBy(() -> PasswordHash.create("x".toCharArray(), PasswordHash.MAX_ITERATIONS + 1, random))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iterations");
    }

    @Test
    void refusesMalformedStoredForms() {
        String good = PasswordHash.create("x".toCharArray(), FAST, random).encoded();
        String[] parts = good.split(":");
        String[] malformed = {"", "plain-password", "md5:1000:AAAA:BBBB", "pbkdf2-sha256:many:AAAA:BBBB",
            "pbkdf2-sha256:10:" + parts[2] + ":" + parts[3], "pbkdf2-sha256:1000:%%%:" + parts[3],
            "pbkdf2-sha256:1000:" + parts[2] + ":AAAA", good + ":extra"};
        for (String bad : malformed) {
            assertThatThrownBy(() -> PasswordHash.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
