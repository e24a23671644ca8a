package dev.sharedsvc.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.postgresql.PGConnection;

import dev.sharedsvc.embedded.PostgresSettings;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The local check agrees with the verifiers the server stores, for SCRAM and md5. */
class PasswordVerifiersTest {

    private static final String ROLE = TestDatabases.uniqueName("verifier");
    private static Connection connection;

    @BeforeContainer
    static void createRole() throws SQLException {
        PostgresSettings server = TestDatabases.server();
        connection = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
        connection.createStatement().execute("CREATE ROLE \"" + ROLE + "\" LOGIN");
    }

    @AfterContainer
    static void dropRole() throws SQLException {
        connection.createStatement().execute("DROP ROLE \"" + ROLE + "\"");
        connection.close();
    }

    @Property(tries = 200)
    void storedVerifierMatchesItsPasswordAndNoOther(@ForAll("passwords") String password,
                                                     @ForAll("kinds") String kind) throws SQLException {
        connection.unwrap(PGConnection.class).alterUserPassword(ROLE, password.toCharArray(), kind);
        var rs = connection.createStatement().executeQuery(
                "SELECT rolpassword FROM pg_authid WHERE rolname = '" + ROLE + "'");
        rs.next();
        String verifier = rs.getString(1);

        assertThat(PasswordVerifiers.matches(verifier, ROLE, Secret.of(password))).contains(true);
        assertThat(PasswordVerifiers.matches(verifier, ROLE, Secret.of(password + "x"))).contains(false);
    }

    @Property(tries = 50)
    void nonAsciiPasswordsAreLeftToALoginAttempt(@ForAll("nonAscii") String password) {
        assertThat(PasswordVerifiers.matches("SCRAM-SHA-256$4096:c2FsdA==$a2V5:a2V5", ROLE, Secret.of(password))).isEmpty();
    }

    @Provide
    Arbitrary<String> passwords() {
        return Arbitraries.strings().withCharRange(' ', '~').ofMinLength(1).ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.of("scram-sha-256", "md5");
    }

    @Provide
    Arbitrary<String> nonAscii() {
        return Arbitraries.strings().withCharRange('\u00c0', '\u017f').ofMinLength(1).ofMaxLength(10);
    }
}
