package dev.sharedsvc.postgres;

import static dev.sharedsvc.postgres.TestDatabases.admin;
import static dev.sharedsvc.postgres.TestDatabases.drop;
import static dev.sharedsvc.postgres.TestDatabases.executeAsAdmin;
import static dev.sharedsvc.postgres.TestDatabases.queryAsAdmin;
import static dev.sharedsvc.postgres.TestDatabases.server;
import static dev.sharedsvc.postgres.TestDatabases.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The service's own view of its database and role, against the test server. */
class ServiceCheckTest {

    private final List<ServiceDatabase> made = new ArrayList<>();

    @AfterEach
    void dropWhatWasMade() throws SQLException {
        drop(made.toArray(ServiceDatabase[]::new));
    }

    private ServiceDatabase ensured(ServiceDatabase service) {
        made.add(service);
        try (PostgresAdmin admin = admin()) {
            admin.ensure(service);
        }
        return service;
    }

    private static ServiceDatabase.Builder spec(String name) {
        return ServiceDatabase.builder(name).password(Secret.of("check-Password-1"));
    }

    private static ServiceCheck check(ServiceDatabase service) {
        return ServiceCheck.run(server().jdbcUrl(), service);
    }

    @Test
    void whatEnsureMadeIsInPlaceForTheServiceItself() {
        ServiceDatabase service = ensured(spec(uniqueName("check")).connectionLimit(7).schemas("app")
                .extensions("pgcrypto").build());

        ServiceCheck check = check(service);

        assertThat(check.inPlace()).isTrue();
        assertThat(check.loginRefused()).isEmpty();
        assertThat(check.plan().actions()).isEmpty();
        assertThat(check.budget()).hasValueSatisfying(budget -> {
            assertThat(budget.role()).isEqualTo(service.owner());
            assertThat(budget.roleLimit()).isEqualTo(7);
        });
        assertThat(check).hasToString("Database " + service.database() + " owned by " + service.owner() + " on "
                + server().host() + ":" + server().port() + "/" + service.database() + ": in place, checked as "
                + service.owner() + " in " + check.elapsed().toMillis() + " ms");
    }

    @Test
    void whatIsMissingInsideIsPlannedWithTheSqlThatMakesIt() throws SQLException {
        String name = uniqueName("check");
        ensured(spec(name).build());
        executeAsAdmin("GRANT CONNECT ON DATABASE \"" + name + "\" TO PUBLIC");

        ServiceCheck check = check(spec(name).connectionLimit(4).schemas("app").extensions("pgcrypto").build());

        assertThat(check.inPlace()).isFalse();
        assertThat(check.plan().actions()).extracting(Action::kind).containsExactly(ActionKind.SET_CONNECTION_LIMIT,
                ActionKind.REVOKE_PUBLIC, ActionKind.CREATE_SCHEMA, ActionKind.CREATE_EXTENSION);
        assertThat(check.plan().actions()).extracting(Action::sql)
                .contains("CREATE EXTENSION IF NOT EXISTS \"pgcrypto\"", "ALTER ROLE \"" + name + "\" CONNECTION LIMIT 4");
        assertThat(check.toString()).contains("4 change(s) missing");
    }

    @Test
    void aRefusedLoginIsReportedWithWhatItMeans() throws SQLException {
        String name = uniqueName("check");
        ServiceCheck noRole = check(spec(name).build());
        assertThat(noRole.inPlace()).isFalse();
        assertThat(noRole.budget()).isEmpty();
        assertThat(noRole.loginRefused()).hasValueSatisfying(refusal -> assertThat(refusal).contains("28P01")
                .contains("the role does not exist or its password is not the one given")
                .doesNotContain("check-Password-1"));

        made.add(spec(name).build());
        executeAsAdmin("CREATE ROLE \"" + name + "\" LOGIN PASSWORD 'check-Password-1'");
        assertThat(check(spec(name).build()).loginRefused()).hasValueSatisfying(refusal ->
                assertThat(refusal).contains("3D000").contains("the database does not exist"));

        String other = uniqueName("check");
        ensured(spec(other).build());
        assertThat(check(spec(other).owner(name).build()).loginRefused()).hasValueSatisfying(refusal ->
                assertThat(refusal).contains("42501").contains("no CONNECT privilege"));
    }

    @Test
    void theBudgetIsTheServersArithmetic() throws SQLException {
        ServiceDatabase service = ensured(spec(uniqueName("check")).build());

        ConnectionBudget budget = check(service).budget().orElseThrow();

        assertThat(budget.maxConnections()).isEqualTo(Integer.parseInt(queryAsAdmin("SHOW max_connections")));
        assertThat(budget.superuserReserved())
                .isEqualTo(Integer.parseInt(queryAsAdmin("SHOW superuser_reserved_connections")));
        assertThat(budget.roleLimit()).isEqualTo(-1);
        assertThat(budget.unlimitedRoles()).contains(service.owner());
        assertThat(budget.limitSum()).isEqualTo(Long.parseLong(queryAsAdmin("SELECT COALESCE(sum(rolconnlimit), 0)"
                + " FROM pg_roles WHERE rolcanlogin AND NOT rolsuper AND rolconnlimit >= 0")));
        assertThat(budget.roomForRole()).isEqualTo(budget.available());
    }
}
