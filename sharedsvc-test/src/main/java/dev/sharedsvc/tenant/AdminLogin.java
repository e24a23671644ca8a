package dev.sharedsvc.tenant;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.PostgresLogin;
import dev.sharedsvc.postgres.PostgresServer;

/**
 * The administrator's login on the tenants' server: where it is, as whom, and how to open the connections the
 * pool needs (provisioning through {@link PostgresAdmin}, plain ones for the rest).
 *
 * @param jdbcUrl  the administrator's URL, naming the maintenance database
 * @param server   the server it names
 * @param user     the administrator
 * @param password its password
 */
record AdminLogin(String jdbcUrl, PostgresServer server, String user, Secret password) {

    AdminLogin {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    static AdminLogin of(String jdbcUrl, String user, Secret password) {
        return new AdminLogin(jdbcUrl, PostgresServer.parse(jdbcUrl), user, password);
    }

    /** A provisioning connection; the caller closes it. */
    PostgresAdmin admin(Duration lockTimeout) {
        return PostgresAdmin.connect(jdbcUrl, user, password, lockTimeout);
    }

    /** A connection to the maintenance database; the caller closes it. */
    Connection maintenance() throws SQLException {
        return server.connect(login());
    }

    /** A connection to {@code database} as the administrator; the caller closes it. */
    Connection connect(String database) throws SQLException {
        return server.withDatabase(database).connect(login());
    }

    /** The administrator's login, with the URL's client certificate when it names one. */
    PostgresLogin login() {
        return server.presentingCertificate(PostgresLogin.password(user, password));
    }

    /** The maintenance database's {@code host:port/database}, for messages. */
    String describe() {
        return server.toString();
    }

    @Override
    public String toString() {
        return user + "@" + server;
    }
}
