package io.cityhub.webui.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityhub.testing.MutableClock;
import io.cityhub.webui.internal.Sessions.Session;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T04:00:00Z"));
    private final Sessions sessions = new Sessions(clock, new SecureRandom(), Duration.ofMinutes(30), 3);

    @Test
    void unknownOrMissingTokensFindNothing() {
        sessions.open("tech");
        assertThat(sessions.find(null)).isEmpty();
        assertThat(sessions.find("")).isEmpty();
        assertThat(sessions.find("forged")).isEmpty();
    }

    @Test
    void aSessionEndsAfterItsIdleTimeButARequestKeepsItAlive() {
        Session session = sessions.open("tech");
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(session.token())).isPresent();
        clock.advance(Duration.ofMinutes(29));
        assertThat(sessions.find(session.token())).isPresent();
        clock.advance(Duration.ofMinutes(30));
        assertThat(sessions.find(session.token())).isEmpty();
    }

    @Test
    void aSessionEndsAfterTheMaximumAgeEvenWhenUsed() {
        Session session = sessions.open("tech");
        for (int i = 0; i < 12 * 3; i++) {
            clock.advance(Duration.ofMinutes(20));
            sessions.find(session.token());
        }
        assertThat(sessions.find(session.token())).isEmpty();
    }

    @Test
    void theOldestSessionEndsWhenTooManyAreOpen() {
        Session first = sessions.open("tech");
        clock.advance(Duration.ofSeconds(1));
        sessions.open("tech");
        sessions.open("tech");
        sessions.open("tech");

        assertThat(sessions.size()).isEqualTo(3);
        assertThat(sessions.find(first.token())).isEmpty();
    }

    @Test
    void onlyTheSessionsOwnCsrfTokenMatches() {
        Session one = sessions.open("tech");
        Session two = sessions.open("tech");

        assertThat(one.csrfMatches(null)).isFalse();
        assertThat(one.csrfMatches("")).isFalse();
        assertThat(one.csrfMatches(two.csrf())).isFalse();
        assertThat(one.csrfMatches(one.token())).isFalse();
        assertThat(one.csrfMatches(one.csrf())).isTrue();
        assertThat(one.token()).hasSize(43).isNotEqualTo(two.token());
    }

    @Test
    void logoutEndsTheSession() {
        Session session = sessions.open("tech");
        sessions.close(session);
        assertThat(sessions.find(session.token())).isEmpty();
    }
}
