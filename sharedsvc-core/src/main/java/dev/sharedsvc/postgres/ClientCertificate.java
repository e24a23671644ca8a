package dev.sharedsvc.postgres;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A TLS client certificate for logging in to PostgreSQL ({@code sslcert} and {@code sslkey} of pgjdbc), as a server
 * with {@code cert} authentication, or {@code clientcert=verify-full}, in {@code pg_hba.conf} requires.
 *
 * @param certificate the certificate file (PEM)
 * @param key         its private key (PKCS-8 DER, or PEM as pgjdbc reads it)
 * @param keyPassword the key's password when it is encrypted
 */
public record ClientCertificate(Path certificate, Path key, Optional<Secret> keyPassword) {

    public ClientCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(keyPassword, "keyPassword");
    }

    /** A certificate whose key is not encrypted. */
    public static ClientCertificate of(Path certificate, Path key) {
        return new ClientCertificate(certificate, key, Optional.empty());
    }

    /** The file names; never the key's password. */
    @Override
    public String toString() {
        return "certificate " + certificate + " with key " + key + (keyPassword.isPresent() ? " (encrypted)" : "");
    }
}
