package dev.sharedsvc.postgres;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a password against the verifier PostgreSQL stores in {@code pg_authid.rolpassword}, on the client, so the
 * warm path needs no login attempt when the administrator may read it (a superuser).
 */
final class PasswordVerifiers {

    private PasswordVerifiers() {
    }

    /**
     * Whether {@code password} is the one {@code verifier} was made from: present and true or false when that can
     * be told here, empty when not (an unknown format, or a non-ASCII password, which the server normalizes with
     * SASLprep before hashing).
     */
    static Optional<Boolean> matches(String verifier, String role, Secret password) {
        if (verifier == null) {
            return Optional.of(false);
        }
        String clear = password.reveal();
        if (!clear.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
            return Optional.empty();
        }
        try {
            if (verifier.startsWith("SCRAM-SHA-256$")) {
                return Optional.ofNullable(matchesScram(verifier, clear));
            }
            if (verifier.startsWith("md5") && verifier.length() == 35) {
                byte[] digest = MessageDigest.getInstance("MD5").digest((clear + role).getBytes(StandardCharsets.UTF_8));
                return Optional.of(MessageDigest.isEqual(verifier.substring(3).getBytes(StandardCharsets.US_ASCII),
                        HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII)));
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey (RFC 5802 / 7677); null when malformed. */
    private static Boolean matchesScram(String verifier, String clear) throws GeneralSecurityException {
        String[] parts = verifier.substring("SCRAM-SHA-256$".length()).split("[$:]");
        if (parts.length != 4) {
            return null;
        }
        int iterations = Integer.parseInt(parts[0]);
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        byte[] storedKey = Base64.getDecoder().decode(parts[2]);
        PBEKeySpec spec = new PBEKeySpec(clear.toCharArray(), salt, iterations, 256);
        try {
            byte[] salted = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(salted, "HmacSHA256"));
            byte[] clientKey = hmac.doFinal("Client Key".getBytes(StandardCharsets.US_ASCII));
            byte[] computed = MessageDigest.getInstance("SHA-256").digest(clientKey);
            return MessageDigest.isEqual(computed, storedKey);
        } finally {
            spec.clearPassword();
        }
    }
}
