package dev.sharedsvc.postgres;

import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Who logs in to a {@link PostgresServer}, and how: a role name and its credentials, which may be a password, a
 * short-lived token fetched for every new connection (cloud IAM authentication), a client certificate, or nothing
 * at all (trust or peer authentication on a development machine).
 *
 * <pre>{@code
 * PostgresLogin.password("backend", Secret.of(System.getenv("BACKEND_DB_PASSWORD")));
 * PostgresLogin.withoutPassword("postgres");                                  // trust, peer
 * PostgresLogin.withoutPassword("postgres").withCertificate(ClientCertificate.of(cert, key));
 * PostgresLogin.tokens("backend", () -> Secret.of(iam.generateAuthToken()));  // fetched per connection
 * }</pre>
 *
 * <p>A login never passes a password it was not given: provisioning sets a role's password only from
 * {@link #password()}, so a login without one (or with tokens) leaves the role's password as it is.
 *
 * <p>Immutable and thread-safe when the token supplier is. {@link #toString()} shows the user and the kind of
 * credential, never a secret.
 */
public final class PostgresLogin {

    private final String user;
    private final Secret password;
    private final Supplier<Secret> tokens;
    private final ClientCertificate certificate;

    private PostgresLogin(String user, Secret password, Supplier<Secret> tokens, ClientCertificate certificate) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = password;
        this.tokens = tokens;
        this.certificate = certificate;
    }

    /** Logs in as {@code user} with {@code password}. */
    public static PostgresLogin password(String user, Secret password) {
        return new PostgresLogin(user, Objects.requireNonNull(password, "password"), null, null);
    }

    /** Logs in as {@code user} without a password: trust or peer authentication, or a certificate added later. */
    public static PostgresLogin withoutPassword(String user) {
        return new PostgresLogin(user, null, null, null);
    }

    /**
     * Logs in as {@code user} with a password fetched from {@code tokens} for every new connection, such as a cloud
     * provider's IAM authentication token that expires after minutes. The supplier is called from the thread that
     * connects and must not return {@code null}.
     */
    public static PostgresLogin tokens(String user, Supplier<Secret> tokens) {
        return new PostgresLogin(user, null, Objects.requireNonNull(tokens, "tokens"), null);
    }

    /** The same login, also presenting {@code certificate}. */
    public PostgresLogin withCertificate(ClientCertificate certificate) {
        return new PostgresLogin(user, password, tokens, Objects.requireNonNull(certificate, "certificate"));
    }

    /** The role name. */
    public String user() {
        return user;
    }

    /** The fixed password; empty for a login without one and for a token login. */
    public Optional<Secret> password() {
        return Optional.ofNullable(password);
    }

    /** Whether each connection fetches a fresh token as its password. */
    public boolean usesTokens() {
        return tokens != null;
    }

    /** The client certificate it presents, if any. */
    public Optional<ClientCertificate> certificate() {
        return Optional.ofNullable(certificate);
    }

    /** The password to send now: the fixed one, a fresh token, or empty. */
    Optional<Secret> currentPassword() {
        if (tokens == null) {
            return Optional.ofNullable(password);
        }
        return Optional.of(Objects.requireNonNull(tokens.get(), "the token supplier of " + user + " returned null"));
    }

    /** Puts the user, the current password and the certificate into driver properties. */
    void addTo(Properties properties) {
        properties.setProperty("user", user);
        currentPassword().ifPresent(secret -> properties.setProperty("password", secret.reveal()));
        if (certificate != null) {
            properties.setProperty("sslcert", certificate.certificate().toString());
            properties.setProperty("sslkey", certificate.key().toString());
            certificate.keyPassword().ifPresent(secret -> properties.setProperty("sslpassword", secret.reveal()));
        }
    }

    /** Equal when user, password, token supplier and certificate are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof PostgresLogin that && user.equals(that.user) && Objects.equals(password, that.password)
                && Objects.equals(tokens, that.tokens) && Objects.equals(certificate, that.certificate);
    }

    @Override
    public int hashCode() {
        return user.hashCode();
    }

    /** Such as {@code backend (password)} or {@code admin (certificate)}; never a secret. */
    @Override
    public String toString() {
        String kind = password != null ? "password" : tokens != null ? "tokens" : null;
        if (certificate != null) {
            kind = kind == null ? "certificate" : kind + " and certificate";
        }
        return user + " (" + (kind == null ? "no password" : kind) + ")";
    }
}
