package dev.sharedsvc.embedded;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;

import org.postgresql.Driver;

/**
 * Where a PostgreSQL server is and how to log in to it as an administrator: the connection settings that
 * {@link EmbeddedPostgres} and {@link TestServers} hand back.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the password.
 *
 * @param host     host name or address of the server
 * @param port     TCP port of the server, 1 to 65535
 * @param database the maintenance database the administrator connects to (usually {@code postgres})
 * @param user     the administrator's role name
 * @param password the administrator's password; empty when the server trusts the connection
 */
public record PostgresSettings(String host, int port, String database, String user, String password) {

    public PostgresSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1 to 65535, was " + port);
        }
    }

    /**
     * Reads settings from a JDBC URL that carries the administrator's credentials, as in
     * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=secret}.
     *
     * @throws IllegalArgumentException when the URL is not a PostgreSQL JDBC URL or names no user; the message
     *                                  never contains the URL, which may hold a password
     */
    public static PostgresSettings fromJdbcUrl(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null) {
            throw new IllegalArgumentException(
                    "not a PostgreSQL JDBC URL (expected jdbc:postgresql://host:port/database?user=...&password=...)");
        }
        String user = parsed.getProperty("user");
        if (user == null || user.isEmpty()) {
            throw new IllegalArgumentException("the PostgreSQL JDBC URL names no user: add ?user=...&password=...");
        }
        String host = parsed.getProperty("PGHOST", "localhost").split(",")[0];
        int port = Integer.parseInt(parsed.getProperty("PGPORT", "5432").split(",")[0]);
        String database = parsed.getProperty("PGDBNAME", "postgres");
        return new PostgresSettings(host, port, database, user, parsed.getProperty("password", ""));
    }

    /** The JDBC URL of the maintenance database, without credentials. */
    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    /** The JDBC URL of another database on the same server, without credentials. */
    public String jdbcUrl(String databaseName) {
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + hostPart + ":" + port + "/"
                + URLEncoder.encode(databaseName, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + user + "@" + host + ":" + port + "/" + database
                + (password.isEmpty() ? "" : ", password=***") + "]";
    }
}
