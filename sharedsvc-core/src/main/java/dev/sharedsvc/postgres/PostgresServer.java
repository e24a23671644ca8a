package dev.sharedsvc.postgres;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import javax.sql.DataSource;

import org.postgresql.Driver;

import dev.sharedsvc.internal.Logins;
import dev.sharedsvc.internal.PostgresDuty;

/**
 * Where a PostgreSQL server is: its hosts, a database on it and the connection options of a JDBC URL, without any
 * login. Who logs in, and how, is a {@link PostgresLogin}; the two together open a connection. This is the one
 * parser of JDBC URLs in sharedsvc: the configuration, the administrator, the probes, the checks and the command
 * line all read a URL through {@link #parse}, with one rule.
 *
 * <pre>{@code
 * PostgresServer server = PostgresServer.parse("jdbc:postgresql://db:5432/postgres?sslmode=require");
 * server.withDatabase("backend").jdbcUrl();   // jdbc:postgresql://db:5432/backend?sslmode=require&...
 * try (Connection c = server.connect(PostgresLogin.password("backend", secret))) { ... }
 * }</pre>
 *
 * <p><b>Credentials are never part of a server.</b> A URL that carries {@code user}, {@code password} or
 * {@code sslpassword} is refused: a user in the URL would silently win over the login's, and a password in it would
 * be printed wherever the URL is. A client certificate in the URL ({@code sslcert}, {@code sslkey}) is kept apart as
 * {@link #certificate()}: it is the certificate of whoever the URL was given for (the administrator), and is never
 * used for another login unless that login names it.
 *
 * <p>Unless the URL says otherwise, {@code assumeMinServerVersion=13} (the oldest version sharedsvc supports) is
 * added to the options: it lets pgjdbc send the application name with the login instead of in a
 * {@code SET application_name} statement after it, one round trip less per connection.
 *
 * <p>Immutable and thread-safe. Neither {@link #toString()} nor any message shows credentials.
 */
public final class PostgresServer {

    /** Parameters that belong to a login, not to a server; refused in a URL. */
    private static final List<String> LOGIN_PARAMETERS = List.of("user", "password", "sslpassword");
    private static final Set<String> NOT_OPTIONS = Set.of("PGHOST", "PGPORT", "PGDBNAME", "sslcert", "sslkey");
    private static final String ASSUME_MIN_SERVER_VERSION = "assumeMinServerVersion";
    private static final String OLDEST_SUPPORTED_VERSION = "13";
    private static final String DEFAULT_DATABASE = "postgres";

    private final List<String> hosts;
    private final String database;
    private final Properties options;
    private final ClientCertificate certificate;

    private PostgresServer(List<String> hosts, String database, Properties options, ClientCertificate certificate) {
        this.hosts = hosts;
        this.database = database;
        this.options = options;
        this.certificate = certificate;
    }

    /**
     * Reads a {@code jdbc:postgresql:} URL, with pgjdbc's own grammar (several hosts, IPv6 in brackets, options).
     * Its database is the one {@link #database()} names ({@code postgres} when it names none).
     *
     * @throws IllegalArgumentException when it is not a PostgreSQL JDBC URL, or carries {@code user},
     *                                  {@code password} or {@code sslpassword}; the message names the parameter and
     *                                  never repeats the URL, which may hold a secret
     */
    public static PostgresServer parse(String jdbcUrl) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Properties parsed = Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null) {
            throw new IllegalArgumentException(
                    "is not a PostgreSQL JDBC URL; expected jdbc:postgresql://host:port/database");
        }
        for (String parameter : LOGIN_PARAMETERS) {
            if (parsed.getProperty(parameter) != null) {
                throw new IllegalArgumentException("carries " + parameter + "=...; a URL names the server only: give"
                        + " the user and its password (or certificate) as the login, apart from the URL");
            }
        }
        String[] hostList = parsed.getProperty("PGHOST", "localhost").split(",");
        String[] portList = parsed.getProperty("PGPORT", "5432").split(",");
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < hostList.length; i++) {
            String host = hostList[i].contains(":") && !hostList[i].startsWith("[") ? "[" + hostList[i] + "]" : hostList[i];
            hosts.add(host + ':' + portList[Math.min(i, portList.length - 1)]);
        }
        Properties options = new Properties();
        parsed.stringPropertyNames().stream()
                .filter(name -> !NOT_OPTIONS.contains(name))
                .forEach(name -> options.setProperty(name, parsed.getProperty(name)));
        options.putIfAbsent(ASSUME_MIN_SERVER_VERSION, OLDEST_SUPPORTED_VERSION);
        ClientCertificate certificate = null;
        String cert = parsed.getProperty("sslcert");
        String key = parsed.getProperty("sslkey");
        if (cert != null || key != null) {
            if (cert == null || key == null) {
                throw new IllegalArgumentException("names " + (cert == null ? "sslkey without sslcert"
                        : "sslcert without sslkey") + "; a client certificate needs both");
            }
            certificate = ClientCertificate.of(Path.of(cert), Path.of(key));
        }
        return new PostgresServer(List.copyOf(hosts), parsed.getProperty("PGDBNAME", DEFAULT_DATABASE), options,
                certificate);
    }

    /** The database this value names: the URL's, or the one given to {@link #withDatabase}. */
    public String database() {
        return database;
    }

    /**
     * The same server and options, naming {@code databaseName}.
     *
     * @throws IllegalArgumentException when the name is not a valid database name
     */
    public PostgresServer withDatabase(String databaseName) {
        Identifiers.requireValid(databaseName, "database name");
        return databaseName.equals(database) ? this : new PostgresServer(hosts, databaseName, options, certificate);
    }

    /** The hosts as {@code host:port}, in the URL's order. */
    public List<String> hosts() {
        return hosts;
    }

    /**
     * The client certificate the URL named ({@code sslcert} and {@code sslkey}): that of the login the URL was
     * given for. Other logins do not use it unless they name it themselves.
     */
    public Optional<ClientCertificate> certificate() {
        return Optional.ofNullable(certificate);
    }

    /**
     * {@code login}, presenting this URL's client certificate when it named one and the login names none: a URL
     * given together with a login (as to {@link PostgresAdmin#connect(String, String, Secret)}) is that login's,
     * so its {@code sslcert} and {@code sslkey} are too.
     */
    public PostgresLogin presentingCertificate(PostgresLogin login) {
        return certificate == null || login.certificate().isPresent() ? login : login.withCertificate(certificate);
    }

    /** The value of a connection option of the URL, such as {@code sslmode}; empty when the URL does not set it. */
    public Optional<String> option(String name) {
        return Optional.ofNullable(options.getProperty(name));
    }

    /**
     * The same server with one connection option set, such as {@code targetServerType=primary}.
     *
     * @throws IllegalArgumentException for a parameter that belongs to a login ({@code user}, {@code password},
     *                                  {@code sslpassword}, {@code sslcert}, {@code sslkey})
     */
    public PostgresServer withOption(String name, String value) {
        Objects.requireNonNull(value, "value");
        if (LOGIN_PARAMETERS.contains(name) || NOT_OPTIONS.contains(name)) {
            throw new IllegalArgumentException(name + " is not a server option");
        }
        Properties changed = new Properties();
        changed.putAll(options);
        changed.setProperty(name, value);
        return new PostgresServer(hosts, database, changed, certificate);
    }

    /** The JDBC URL of {@link #database()}, with the options but no credentials and no client certificate. */
    public String jdbcUrl() {
        StringBuilder url = new StringBuilder("jdbc:postgresql://").append(String.join(",", hosts)).append('/')
                .append(URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20"));
        char separator = '?';
        for (String name : options.stringPropertyNames().stream().sorted().toList()) {
            url.append(separator).append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(options.getProperty(name), StandardCharsets.UTF_8));
            separator = '&';
        }
        return url.toString();
    }

    /**
     * The JDBC URL for a framework's pool that takes a URL, a user and a password: {@link #jdbcUrl()} with the
     * login's client certificate files ({@code sslcert}, {@code sslkey}) when it has one. Never a password; a
     * certificate whose key is encrypted, or a token login, cannot be expressed this way.
     *
     * @throws IllegalArgumentException for a login with tokens or an encrypted key
     */
    public String jdbcUrl(PostgresLogin login) {
        if (login.usesTokens() || login.certificate().flatMap(ClientCertificate::keyPassword).isPresent()) {
            throw new IllegalArgumentException("the login of " + login.user() + " cannot be written as a JDBC URL and"
                    + " a password (it uses tokens or an encrypted key); give the pool a DataSource: dataSource(login)");
        }
        return login.certificate().map(certificate -> withCertificateOptions(certificate).jdbcUrl()).orElse(jdbcUrl());
    }

    private PostgresServer withCertificateOptions(ClientCertificate certificate) {
        Properties changed = new Properties();
        changed.putAll(options);
        changed.setProperty("sslcert", certificate.certificate().toString());
        changed.setProperty("sslkey", certificate.key().toString());
        return new PostgresServer(hosts, database, changed, null);
    }

    /**
     * Opens a connection to {@link #database()} with {@code login}, the URL's options, the application name
     * {@code sharedsvc}, a 10-second connect timeout and {@code targetServerType=primary}
     * ({@link PostgresDuty#SCHEMA}: these connections are the administrator's and the service check's) unless the
     * URL sets them; the caller closes it. A crowded or starting server's refusals are retried until the deadline
     * of the start-up or command this runs in, or for up to {@link Logins#DEFAULT_BUDGET} ({@link Logins#retrying}).
     *
     * @throws SQLException as the driver reports it: the server is unreachable, refuses the login, or has no such
     *                      database
     */
    public Connection connect(PostgresLogin login) throws SQLException {
        Properties properties = PostgresDuty.SCHEMA.apply(propertiesWithDefaults(login));
        String url = jdbcUrl();
        return Logins.retrying(Logins.DEFAULT_BUDGET, () -> DriverManager.getConnection(url, properties));
    }

    /** {@link #connectionProperties}, with the application name and connect timeout of {@link #connect}. */
    Properties propertiesWithDefaults(PostgresLogin login) {
        Properties properties = connectionProperties(login);
        properties.putIfAbsent("ApplicationName", "sharedsvc");
        properties.putIfAbsent("connectTimeout", "10");
        return properties;
    }

    /**
     * A {@link javax.sql.DataSource} that opens a new connection to {@link #database()} with {@code login} for every
     * {@code getConnection()}, with its current credentials (a token login fetches a fresh token each time): for a
     * pool such as HikariCP ({@code setDataSource}) or a migration tool. It does not pool.
     */
    public DataSource dataSource(PostgresLogin login) {
        return new LoginDataSource(this, Objects.requireNonNull(login, "login"));
    }

    /**
     * The driver properties for {@code login} on this server: the URL's options, the user, the password (a token
     * login fetches a fresh one) and the login's client certificate. For code that hands them to the driver itself;
     * the result holds secrets and must not be logged.
     */
    public Properties connectionProperties(PostgresLogin login) {
        Objects.requireNonNull(login, "login");
        Properties properties = new Properties();
        properties.putAll(options);
        login.addTo(properties);
        return properties;
    }

    /** {@code host:port/database} (hosts comma-separated), for messages; never credentials. */
    public String describe() {
        return String.join(",", hosts) + "/" + database;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PostgresServer that && hosts.equals(that.hosts) && database.equals(that.database)
                && options.equals(that.options) && Objects.equals(certificate, that.certificate);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hosts, database, options);
    }

    /** {@link #describe()}. */
    @Override
    public String toString() {
        return describe();
    }
}
