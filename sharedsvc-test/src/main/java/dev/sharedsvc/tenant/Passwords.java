package dev.sharedsvc.tenant;

import java.security.SecureRandom;
import java.util.Base64;

import dev.sharedsvc.postgres.Secret;

/** Passwords for the roles of tenants and templates: random, never stored, never printed. */
final class Passwords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    /** 144 random bits in 24 URL-safe characters. */
    static Secret random() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
}
