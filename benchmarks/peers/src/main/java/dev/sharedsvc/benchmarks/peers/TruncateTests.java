package dev.sharedsvc.benchmarks.peers;

import java.util.List;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariDataSource;

import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.embedded.TestServers;

/**
 * Side 5, the baseline many suites use today: one database, migrated once, every table truncated before each test
 * (its seed rows too), through one pool. The tests share a login and a database.
 */
class TruncateTests {

    private static final String DATABASE = "peers_truncate";
    private static HikariDataSource pool;
    private static JdbcClient database;
    private static String truncate;

    @BeforeAll
    static void migrateOnce() {
        PostgresSettings admin = TestServers.postgres();
        try (HikariDataSource server = dataSource(admin, admin.jdbcUrl())) {
            JdbcClient.create(server).sql("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)").update();
            JdbcClient.create(server).sql("CREATE DATABASE " + DATABASE).update();
        }
        pool = dataSource(admin, admin.jdbcUrl(DATABASE));
        Flyway.configure().dataSource(pool).locations("classpath:db/benchmark").load().migrate();
        database = JdbcClient.create(pool);
        List<String> tables = database.sql("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'"
                + " AND tablename <> 'flyway_schema_history'").query(String.class).list();
        truncate = "TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE";
    }

    private static HikariDataSource dataSource(PostgresSettings admin, String url) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(url);
        dataSource.setUsername(admin.user());
        dataSource.setPassword(admin.password());
        dataSource.setMaximumPoolSize(2);
        return dataSource;
    }

    @BeforeEach
    void truncateEveryTable() {
        database.sql(truncate).update();
    }

    @RepeatedTest(value = Rows.TESTS, name = "{currentRepetition}")
    void writesTheOnlyRow() {
        Rows.writeTheOnlyRow(database);
    }

    @AfterAll
    static void close() {
        pool.close();
    }
}
