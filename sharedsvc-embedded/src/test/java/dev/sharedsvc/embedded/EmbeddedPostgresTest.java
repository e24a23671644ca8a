package dev.sharedsvc.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

class EmbeddedPostgresTest {

    @Test
    void superuserLogsInWithItsPasswordOverScram() throws SQLException {
        PostgresSettings admin = TestServers.postgres();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT current_user, rolsuper, left(rolpassword, 14) FROM pg_authid WHERE rolname = current_user")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("postgres");
            assertThat(rs.getBoolean(2)).isTrue();
            assertThat(rs.getString(3)).isEqualTo("SCRAM-SHA-256$");
        }
    }

    @Test
    void loginWithoutTheRightPasswordIsRefused() {
        PostgresSettings admin = TestServers.postgres();
        assertThatThrownBy(() -> DriverManager.getConnection(admin.jdbcUrl(), admin.user(), "wrong").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    void theRequestedMajorVersionRuns() throws SQLException {
        int expected = Integer.parseInt(System.getProperty(TestServers.POSTGRES_VERSION_PROPERTY, "18"));
        PostgresSettings admin = TestServers.postgres();
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW server_version_num")) {
            rs.next();
            assertThat(rs.getInt(1) / 10_000).isEqualTo(expected);
        }
    }

    @Test
    void stopKeepsDataAndStartComesBackOnTheSamePort() throws SQLException {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().superuserPassword("p@ss w'rd").start()) {
            PostgresSettings admin = postgres.settings();
            execute(admin, "CREATE TABLE kept (id int); INSERT INTO kept VALUES (42)");
            postgres.stop();
            assertThat(postgres.isRunning()).isFalse();
            assertThatThrownBy(() -> DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password()))
                    .isInstanceOf(SQLException.class);
            postgres.start();
            assertThat(postgres.settings().port()).isEqualTo(admin.port());
            try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
                 ResultSet rs = connection.createStatement().executeQuery("SELECT id FROM kept")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            postgres.close();
            assertThat(postgres.dataDirectory()).doesNotExist();
        }
    }

    @Test
    void serverLogReceivesStatementsWhenAsked() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().serverSetting("log_statement", "all").start()) {
            execute(postgres.settings(), "SELECT 'marker-in-the-log'");
            assertThat(Files.readString(postgres.serverLog())).contains("marker-in-the-log");
        }
    }

    @Test
    void unknownVersionIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> EmbeddedPostgres.builder().version(12))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("13, 14, 15, 16, 17, 18");
    }

    @Test
    void settingsNeverShowThePassword() {
        PostgresSettings settings = new PostgresSettings("db", 5432, "postgres", "admin", "s3cret");
        assertThat(settings.toString()).doesNotContain("s3cret").contains("admin@db:5432/postgres");
    }

    @Test
    void settingsAreReadFromAJdbcUrlWithCredentials() {
        PostgresSettings settings = PostgresSettings.fromJdbcUrl(
                "jdbc:postgresql://10.0.0.5:6543/maint?user=root&password=a%26b");
        assertThat(settings).isEqualTo(new PostgresSettings("10.0.0.5", 6543, "maint", "root", "a&b"));
        assertThatThrownBy(() -> PostgresSettings.fromJdbcUrl("jdbc:mysql://x/y?password=leak"))
                .hasMessageNotContaining("leak");
    }

    private static void execute(PostgresSettings admin, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(admin.jdbcUrl(), admin.user(), admin.password());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
