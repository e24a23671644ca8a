package dev.sharedsvc.samples.plain;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

import dev.sharedsvc.embedded.EmbeddedPostgres;
import dev.sharedsvc.embedded.PostgresSettings;
import dev.sharedsvc.postgres.PostgresAdmin;
import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.postgres.ServiceDatabase;

/**
 * Provisions two services (a Keycloak-like one and a backend) on an embedded PostgreSQL, twice, and shows that each
 * service's role is kept out of the other's database. Exits 0 when all of that holds.
 */
public final class PlainJavaSample {

    private PlainJavaSample() {
    }

    public static void main(String[] args) throws SQLException {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            PostgresSettings server = postgres.settings();
            System.out.println("Embedded PostgreSQL " + postgres.majorVersion() + " at " + server.jdbcUrl());

            List<ServiceDatabase> services = List.of(
                    ServiceDatabase.builder("keycloak").password(Secret.of("keycloak-demo-password")).build(),
                    ServiceDatabase.builder("backend").password(Secret.of("backend-demo-password"))
                            .connectionLimit(20).schemas("app").extensions("pgcrypto").build());

            try (PostgresAdmin admin = PostgresAdmin.connect(server.jdbcUrl(), server.user(), Secret.of(server.password()))) {
                for (ServiceDatabase service : services) {
                    System.out.println();
                    System.out.println(admin.plan(service));
                    System.out.println(admin.ensure(service));
                }
                System.out.println();
                System.out.println("Second start, everything in place:");
                for (ServiceDatabase service : services) {
                    System.out.println(admin.ensure(service));
                }
            }

            System.out.println();
            try {
                DriverManager.getConnection(server.jdbcUrl("keycloak"), "backend", "backend-demo-password").close();
                System.out.println("FAILED: the backend role could connect to the keycloak database");
                System.exit(1);
            } catch (SQLException expected) {
                System.out.println("Isolation: backend cannot connect to keycloak (" + expected.getSQLState() + " "
                        + expected.getMessage() + ")");
            }
        }
    }
}
