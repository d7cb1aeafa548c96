package io.cityhub.webui.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Logged-in sessions, in memory only (a restart logs everyone out). A session is a random 256-bit token in an
 * HttpOnly, SameSite=Strict cookie, with its own random CSRF token that every POST must carry. Sessions end after
 * {@code idle} without a request, after {@link #MAX_AGE} in any case, or at logout; at most {@code max} live at
 * once (the oldest is ended for a new one).
 */
final class Sessions {

    /** Even a busy technician logs in again after a working day. */
    static final Duration MAX_AGE = Duration.ofHours(12);

    private final Clock clock;
    private final SecureRandom random;
    private final Duration idle;
    private final int max;
    private final Map<String, Session> byToken = new HashMap<>();

    /**
     * @param clock the clock sessions age by
     * @param random token source
     * @param idle how long a session lives without a request
     * @param max how many sessions may live at once
     */
    Sessions(Clock clock, SecureRandom random, Duration idle, int max) {
        this.clock = clock;
        this.random = random;
        this.idle = idle;
        this.max = max;
    }

    /**
     * @param user who logged in
     * @return a new session
     */
    synchronized Session open(String user) {
        expire();
        while (byToken.size() >= max) {
            byToken.values().stream().min(Comparator.comparing(Session::created))
                    .ifPresent(oldest -> byToken.remove(oldest.token()));
        }
        Instant now = clock.instant();
        Session session = new Session(token(), token(), user, now);
        session.touch(now);
        byToken.put(session.token(), session);
        return session;
    }

    /**
     * @param token the cookie's value, may be null
     * @return the live session it names, touched; empty if none
     */
    synchronized Optional<Session> find(String token) {
        if (token == null) {
            return Optional.empty();
        }
        expire();
        Session session = byToken.get(token);
        if (session == null) {
            return Optional.empty();
        }
        session.touch(clock.instant());
        return Optional.of(session);
    }

    /** @param session the session to end */
    synchronized void close(Session session) {
        byToken.remove(session.token());
    }

    /** @return how many sessions live */
    synchronized int size() {
        expire();
        return byToken.size();
    }

    private void expire() {
        Instant now = clock.instant();
        byToken.values().removeIf(s -> !now.isBefore(s.lastSeen().plus(idle))
                || !now.isBefore(s.created().plus(MAX_AGE)));
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** One login. */
    static final class Session {
        private final String token;
        private final String csrf;
        private final String user;
        private final Instant created;
        private Instant lastSeen;

        Session(String token, String csrf, String user, Instant created) {
            this.token = token;
            this.csrf = csrf;
            this.user = user;
            this.created = created;
            this.lastSeen = created;
        }

        String token() {
            return token;
        }

        String csrf() {
            return csrf;
        }

        String user() {
            return user;
        }

        Instant created() {
            return created;
        }

        synchronized Instant lastSeen() {
            return lastSeen;
        }

        synchronized void touch(Instant now) {
            lastSeen = now;
        }

        /**
         * @param presented the token a form sent, may be null
         * @return whether it is this session's CSRF token (constant-time comparison)
         */
        boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrf.getBytes(StandardCharsets.UTF_8),
                    presented.getBytes(StandardCharsets.UTF_8));
        }
    }
}
