package dev.sharedsvc.postgres;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

import org.postgresql.Driver;

import dev.sharedsvc.internal.Logins;
import dev.sharedsvc.internal.PostgresDuty;

/**
 * A PostgreSQL server as named by a JDBC URL: its hosts and connection options, without a user or password, so
 * that the same server can be reached as another user or in another database.
 *
 * <pre>{@code
 * ServerAddress server = ServerAddress.parse("jdbc:postgresql://db:5432/postgres?sslmode=require");
 * server.jdbcUrl("backend");   // jdbc:postgresql://db:5432/backend?sslmode=require
 * }</pre>
 *
 * <p>Unless the URL says otherwise, {@code assumeMinServerVersion=13} (the oldest version sharedsvc supports) is
 * added to the options: it lets pgjdbc send the application name with the login instead of in a
 * {@code SET application_name} statement after it, one round trip less per connection.
 *
 * <p>Immutable and thread-safe. Neither {@link #toString()} nor any message shows credentials.
 */
public final class ServerAddress {

    private static final Set<String> NOT_OPTIONS = Set.of("PGHOST", "PGPORT", "PGDBNAME", "user", "password",
            "sslpassword");
    private static final String ASSUME_MIN_SERVER_VERSION = "assumeMinServerVersion";
    private static final String OLDEST_SUPPORTED_VERSION = "13";

    private final String hosts;
    private final String database;
    private final Properties options;
    /** The client key's password ({@code sslpassword}): used to connect, never put into a URL. */
    private final Secret sslPassword;

    private ServerAddress(String hosts, String database, Properties options, Secret sslPassword) {
        this.hosts = hosts;
        this.database = database;
        this.options = options;
        this.sslPassword = sslPassword;
    }

    /**
     * Parses a {@code jdbc:postgresql:} URL; a {@code user} or {@code password} in it is dropped, and an
     * {@code sslpassword} is kept only for {@link #connect}, never shown in {@link #jdbcUrl}.
     *
     * @throws IllegalArgumentException when it is not one; the message does not repeat the URL, which may hold a
     *                                  password
     */
    public static ServerAddress parse(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL; expected jdbc:postgresql://host:port/database");
        }
        String[] hostList = parsed.getProperty("PGHOST", "localhost").split(",");
        String[] portList = parsed.getProperty("PGPORT", "5432").split(",");
        StringBuilder hosts = new StringBuilder();
        for (int i = 0; i < hostList.length; i++) {
            String host = hostList[i].contains(":") && !hostList[i].startsWith("[") ? "[" + hostList[i] + "]" : hostList[i];
            hosts.append(i == 0 ? "" : ",").append(host).append(':').append(portList[Math.min(i, portList.length - 1)]);
        }
        Properties options = new Properties();
        parsed.stringPropertyNames().stream()
                .filter(name -> !NOT_OPTIONS.contains(name))
                .forEach(name -> options.setProperty(name, parsed.getProperty(name)));
        options.putIfAbsent(ASSUME_MIN_SERVER_VERSION, OLDEST_SUPPORTED_VERSION);
        String sslPassword = parsed.getProperty("sslpassword");
        return new ServerAddress(hosts.toString(), parsed.getProperty("PGDBNAME", "postgres"), options,
                sslPassword == null || sslPassword.isEmpty() ? null : Secret.of(sslPassword));
    }

    /** The database the URL named; {@code postgres} when it named none. */
    public String database() {
        return database;
    }

    /**
     * The JDBC URL of {@code databaseName} on this server, with the options (and {@code assumeMinServerVersion})
     * but no credentials.
     */
    public String jdbcUrl(String databaseName) {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(hosts).append('/')
                .append(URLEncoder.encode(databaseName, StandardCharsets.UTF_8).replace("+", "%20"));
        char separator = '?';
        for (String name : options.stringPropertyNames()) {
            url.append(separator).append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(options.getProperty(name), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    /**
     * Opens a connection to {@code databaseName} as {@code user}, with the URL's options, the application name
     * {@code sharedsvc}, a 10-second connect timeout and {@code targetServerType=primary}
     * ({@link PostgresDuty#SCHEMA}) unless the URL sets them; the caller closes it. A crowded or starting server's
     * refusals are retried for up to {@link Logins#DEFAULT_BUDGET} ({@link Logins#retrying}).
     *
     * @param password the password, or {@code null} to log in without one
     * @throws SQLException as the driver reports it: the server is unreachable, refuses the login, or has no such
     *                      database
     */
    public Connection connect(String databaseName, String user, Secret password) throws SQLException {
        Properties login = new Properties();
        login.putAll(options);
        login.setProperty("user", user);
        if (password != null) {
            login.setProperty("password", password.reveal());
        }
        if (sslPassword != null) {
            login.setProperty("sslpassword", sslPassword.reveal());
        }
        login.putIfAbsent("ApplicationName", "sharedsvc");
        login.putIfAbsent("connectTimeout", "10");
        PostgresDuty.SCHEMA.apply(login);
        String url = jdbcUrl(databaseName);
        return Logins.retrying(Logins.DEFAULT_BUDGET, () -> DriverManager.getConnection(url, login));
    }

    /** {@code host:port/database}, for messages; never credentials. */
    public String describe(String databaseName) {
        return hosts + "/" + databaseName;
    }

    @Override
    public String toString() {
        return describe(database);
    }
}
