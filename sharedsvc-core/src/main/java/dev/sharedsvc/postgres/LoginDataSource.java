package dev.sharedsvc.postgres;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.postgresql.Driver;

import dev.sharedsvc.internal.Logins;

/**
 * {@link PostgresServer#dataSource(PostgresLogin)}: a new connection for every call, with the login's current
 * credentials (a token login fetches a fresh token each time), for a pool or a migration tool to draw from.
 */
final class LoginDataSource implements DataSource {

    private static final Driver DRIVER = new Driver();

    private final PostgresServer server;
    private final PostgresLogin login;
    private volatile int loginTimeoutSeconds;

    LoginDataSource(PostgresServer server, PostgresLogin login) {
        this.server = server;
        this.login = login;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Properties properties = server.propertiesWithDefaults(login);
        if (loginTimeoutSeconds > 0) {
            properties.setProperty("loginTimeout", Integer.toString(loginTimeoutSeconds));
        }
        // Inside a start-up (the migrations, the pool's first connection) a crowded server's refusals are retried
        // until its deadline; elsewhere (the pool's own threads, which retry themselves) the login is tried once.
        return Logins.retrying(Duration.ZERO, () -> DRIVER.connect(server.jdbcUrl(), properties));
    }

    /** Refused: the login is fixed, so a caller cannot switch users by accident. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("this DataSource logs in as " + login.user() + " only");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // pgjdbc logs through java.util.logging; nothing to set
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    /** Such as {@code LoginDataSource[db:5432/backend as backend (password)]}. */
    @Override
    public String toString() {
        return "LoginDataSource[" + server.describe() + " as " + login + "]";
    }
}
