package dev.sharedsvc.cli;

import static dev.sharedsvc.cli.Cli.env;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.RedisSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code sharedsvc-cli status}, run as the built jar while the test holds a query running on the server and keys in
 * Redis: the operator sees both, as a table and as JSON that a real parser reads.
 */
class StatusCommandIT {

    private static final String SERVICE = "cli_status_app";
    private static final String SECRET_IN_QUERY = "cli-status-Secret-9";
    private static final String LAYOUT = "prod.broker=0, prod.cache=1, dev.broker=4, dev.cache=5";
    private static final int CACHE_DATABASE = 5;

    private static Map<String, String> env;
    private static Connection sleeper;
    private static CompletableFuture<Void> sleeping;

    @BeforeAll
    static void startALongQueryAndWriteKeys() throws Exception {
        PostgresSettings postgres = Servers.postgres();
        RedisSettings redis = Servers.redis();
        env = env("SHAREDSVC_POSTGRES_URL", postgres.jdbcUrl(), "POSTGRES_USER", postgres.user(),
                "POSTGRES_PASSWORD", postgres.password(), "SHAREDSVC_REDIS_URL", redis.uri(),
                "SHAREDSVC_REDIS_LAYOUT", LAYOUT);
        try (Connection admin = Servers.admin(); Statement statement = admin.createStatement()) {
            statement.execute("CREATE ROLE " + SERVICE + " LOGIN CONNECTION LIMIT 7 PASSWORD '"
                    + Cli.secret("status-app-Secret-1") + "'");
            statement.execute("CREATE DATABASE " + SERVICE + " OWNER " + SERVICE);
        }
        sleeper = DriverManager.getConnection(postgres.jdbcUrl(SERVICE), SERVICE, "status-app-Secret-1");
        Statement sleep = sleeper.createStatement();
        Cli.secret(SECRET_IN_QUERY);
        sleeping = CompletableFuture.runAsync(() -> {
            try {
                sleep.execute("SELECT pg_sleep(30) /* ALTER ROLE x PASSWORD '" + SECRET_IN_QUERY + "' */");
            } catch (SQLException e) {
                // cancelled by the test's end, as intended
            }
        });
        awaitQueryOlderThan(Duration.ofMillis(1500));
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(
                RedisURI.builder(RedisURI.create(redis.uri())).withDatabase(CACHE_DATABASE).build())) {
            for (int i = 0; i < 3; i++) {
                connection.sync().setex("cli-status:" + i, 600, "x".repeat(100));
            }
        } finally {
            client.shutdown();
        }
    }

    @AfterAll
    static void cancelTheQueryAndDropTheService() throws Exception {
        try (Connection admin = Servers.admin(); Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE usename = '" + SERVICE + "'");
        }
        sleeping.get(30, TimeUnit.SECONDS);
        sleeper.close();
        Servers.drop(SERVICE);
        RedisClient client = RedisClient.create();
        try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.builder(
                RedisURI.create(Servers.redis().uri())).withDatabase(CACHE_DATABASE).build())) {
            connection.sync().flushdb();
        } finally {
            client.shutdown();
        }
    }

    private static void awaitQueryOlderThan(Duration age) throws SQLException, InterruptedException {
        for (int attempt = 0; attempt < 200; attempt++) {
            try (Connection admin = Servers.admin(); Statement statement = admin.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE usename = '"
                         + SERVICE + "' AND state = 'active' AND query_start < clock_timestamp() - interval '"
                         + age.toMillis() + " milliseconds'")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the test's pg_sleep never showed in pg_stat_activity");
    }

    @Test
    void theTableShowsTheLongQueryTheDatabaseAndTheRedisKeyspace() {
        Cli.Run run = Cli.run(env, "status", "--long-query", "1s");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.out())
                .containsPattern("version \\d+\\.\\d+.*, community support until 20\\d\\d-\\d\\d-\\d\\d")
                .containsPattern("max_connections +\\d+")
                .contains("shared_buffers", "work_mem", "max_locks_per_transaction", "connections: ",
                        "queries running longer than 1s:")
                .containsPattern("\\d+ +" + SERVICE + " +" + SERVICE + " +\\d+(\\.\\d)?s +Timeout:PgSleep"
                        + " +\\(hidden: the query mentions a password\\)")
                .containsPattern(SERVICE + " +" + SERVICE + " +[\\d.]+ [kM]B +1 +7 \\(role " + SERVICE + "\\)")
                .containsPattern("(?m)^ +5 +3 +3 +[\\d.]+ (B|kB) +dev\\.cache \\(evictable\\)$")
                .contains("maxmemory-policy noeviction", "layout check: Redis");
    }

    @Test
    void theJsonParsesAndHoldsTheSame() {
        Cli.Run run = Cli.run(env, "status", "--long-query", "1s", "--json");

        assertThat(run.exitCode()).as(run.output()).isZero();
        JsonNode status = JsonMapper.builder().build().readTree(run.out());
        JsonNode postgres = status.get("postgres");
        assertThat(postgres.get("major").asInt()).isBetween(13, 18);
        assertThat(postgres.get("endOfLife").asString()).matches("20\\d\\d-\\d\\d-\\d\\d");
        assertThat(names(postgres.get("settings"), "name")).containsExactly("max_connections", "shared_buffers",
                "work_mem", "max_locks_per_transaction");
        JsonNode connections = postgres.get("connections");
        assertThat(connections.get("used").asInt()).isPositive();
        assertThat(connections.get("free").asInt() + connections.get("used").asInt()
                + connections.get("superuserReserved").asInt() + connections.get("reserved").asInt())
                .isEqualTo(connections.get("maxConnections").asInt());
        JsonNode database = find(postgres.get("databases"), "name", SERVICE);
        assertThat(database.get("owner").asString()).isEqualTo(SERVICE);
        assertThat(database.get("roleLimit").asInt()).isEqualTo(7);
        assertThat(database.get("connections").asInt()).isEqualTo(1);
        assertThat(database.get("sizeBytes").asLong()).isPositive();
        JsonNode query = find(postgres.get("longQueries"), "user", SERVICE);
        assertThat(query.get("database").asString()).isEqualTo(SERVICE);
        assertThat(query.get("seconds").asDouble()).isGreaterThan(1.0);
        assertThat(query.get("query").asString()).isEqualTo("(hidden: the query mentions a password)");
        JsonNode keyspace = find(status.get("redis").get("keyspaces"), "database", "5");
        assertThat(keyspace.get("keys").asLong()).isEqualTo(3);
        assertThat(keyspace.get("expires").asLong()).isEqualTo(3);
        assertThat(keyspace.get("estimatedBytes").asLong()).isPositive();
        assertThat(names(keyspace.get("pairs"), null)).containsExactly("dev.cache (evictable)");
        assertThat(status.get("redis").get("maxmemoryPolicy").asString()).isEqualTo("noeviction");
        assertThat(status.get("warnings").isArray()).isTrue();
    }

    @Test
    void aThresholdAboveTheQuerysAgeShowsNoLongQuery() {
        Cli.Run run = Cli.run(env, "status", "--long-query", "10m");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.out()).contains("no query running longer than 10m 0s").doesNotContain("pg_sleep");
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (element.get(field).asString().equals(value)) {
                return element;
            }
        }
        throw new AssertionError("no element with " + field + " " + value + " in " + array);
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> names = new ArrayList<>();
        array.forEach(element -> names.add(field == null ? element.asString() : element.get(field).asString()));
        return names;
    }
}
