package dev.sharedsvc.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import dev.sharedsvc.embedded.PostgresSettings;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Any name PostgreSQL accepts is created exactly as given; names it would truncate or cannot hold are refused
 * before any SQL runs. The number of tries against the server is {@code jqwik.tries.default} (1,000 by default,
 * see junit-platform.properties).
 */
class NamesPropertyTest {

    private static PostgresAdmin admin;
    private static Connection catalog;

    @BeforeContainer
    static void connect() throws SQLException {
        admin = TestDatabases.admin();
        PostgresSettings server = TestDatabases.server();
        catalog = DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
    }

    @AfterContainer
    static void disconnect() throws SQLException {
        admin.close();
        catalog.close();
    }

    @Property
    void anyAcceptedNameIsCreatedExactlyAsGiven(@ForAll("names") String name) throws SQLException {
        ServiceDatabase service = ServiceDatabase.builder(name).build();
        try {
            admin.ensure(service);

            try (PreparedStatement query = catalog.prepareStatement("SELECT d.datname, r.rolname FROM pg_database d"
                    + " JOIN pg_roles r ON r.oid = d.datdba WHERE d.datname = ? AND r.rolcanlogin")) {
                query.setString(1, name);
                try (ResultSet rs = query.executeQuery()) {
                    assertThat(rs.next()).as("database and login role named %s", name).isTrue();
                    assertThat(rs.getString(1)).isEqualTo(name);
                    assertThat(rs.getString(2)).isEqualTo(name);
                }
            }
            assertThat(admin.plan(service).isEmpty()).isTrue();
        } finally {
            try (Statement drop = catalog.createStatement()) {
                drop.execute("DROP DATABASE IF EXISTS " + Identifiers.quote(name));
                drop.execute("DROP ROLE IF EXISTS " + Identifiers.quote(name));
            }
        }
    }

    @Property(tries = 200)
    void namesOverSixtyThreeBytesAreRefusedBeforeAnySql(@ForAll("tooLong") String name) {
        assertThatThrownBy(() -> ServiceDatabase.builder(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("63");
        assertThatThrownBy(() -> ServiceDatabase.builder("ok").owner(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("truncate");
    }

    @Property(tries = 200)
    void namesWithNulAreRefused(@ForAll("names") String name) {
        String withNul = name.substring(0, name.length() / 2) + '\0' + name.substring(name.length() / 2);
        assertThatThrownBy(() -> ServiceDatabase.builder(withNul))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings()
                .withCharRange(' ', '~')
                .withCharRange('\u00a0', '\u024f')
                .withCharRange('\u0391', '\u03c9')
                .withCharRange('\u0430', '\u044f')
                .withCharRange('\u4e00', '\u4e80')
                .withChars("\"'\\;$ \t")
                .ofMinLength(1).ofMaxLength(63)
                .map(NamesPropertyTest::fitTo63Bytes)
                .filter(name -> !name.isEmpty() && !name.startsWith("pg_") && !name.equals("public")
                        && !name.equals("none"))
                .edgeCases(edges -> edges.add("$$; DROP DATABASE postgres; --"))
                .edgeCases(edges -> edges.add("Robert'); DROP TABLE students;--"))
                .edgeCases(edges -> edges.add("with \"quotes\" and \\backslash"));
    }

    @Provide
    Arbitrary<String> tooLong() {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('\u00e0', '\u00ff')
                .ofMinLength(32).ofMaxLength(100)
                .filter(name -> name.getBytes(StandardCharsets.UTF_8).length > 63);
    }

    private static String fitTo63Bytes(String name) {
        String fitted = name;
        while (fitted.getBytes(StandardCharsets.UTF_8).length > 63) {
            fitted = fitted.substring(0, fitted.length() - 1);
        }
        return fitted;
    }
}
