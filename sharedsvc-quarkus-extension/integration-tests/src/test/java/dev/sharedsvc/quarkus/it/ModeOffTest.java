package dev.sharedsvc.quarkus.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;

/**
 * {@code sharedsvc.mode=off}, core's meaning: the database and role were made by someone else, sharedsvc neither
 * ensures nor verifies them (though it has the administrator's password and the spec asks for a schema and a
 * connection limit), and still connects Quarkus's datasource as the service's role.
 */
@QuarkusTest
@TestProfile(ModeOffTest.Profile.class)
class ModeOffTest {

    static final String PASSWORD = "mode-off-password";

    public static class Profile extends FrameworkKeys.Case {
        public Profile() {
            super("mode_off", "quarkus.sharedsvc.mode=off", "quarkus.sharedsvc.postgres.password=" + PASSWORD,
                    "quarkus.sharedsvc.postgres.schemas=audit", "quarkus.sharedsvc.postgres.connection-limit=5",
                    "quarkus.sharedsvc.postgres.pool-size=3");
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                FrameworkKeys.createRoleAndDatabase(FrameworkKeys.service("mode_off"), PASSWORD);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return super.getConfigOverrides();
        }
    }

    @Inject
    DataSource dataSource;

    @Test
    void theDatasourceLogsInAsTheServicesRoleAndNothingWasEnsured() throws SQLException {
        String service = FrameworkKeys.service("mode_off");
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_user || '@' || current_database()")) {
            row.next();
            assertThat(row.getString(1)).isEqualTo(service + "@" + service);
        }
        assertThat(FrameworkKeys.queryAsAdmin(service, "SELECT count(*) FROM pg_namespace WHERE nspname = 'audit'"))
                .as("schema not ensured").isEqualTo("0");
        assertThat(FrameworkKeys.queryAsAdmin(service, "SELECT rolconnlimit FROM pg_roles WHERE rolname = ?", service))
                .as("connection limit not ensured").isEqualTo("-1");
    }
}
