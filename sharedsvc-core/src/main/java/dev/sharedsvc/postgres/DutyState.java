package dev.sharedsvc.postgres;

import static dev.sharedsvc.postgres.Identifiers.literal;
import static dev.sharedsvc.postgres.Identifiers.quote;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * What the server has of a service's roles by duty ({@link ServiceDatabase#applicationRole()},
 * {@link ServiceDatabase#readOnlyRole()}): the roles, and which of the grants they need are missing. Read with any
 * login to the service's database (the administrator's or the owner's), from catalogs every role may read; the one
 * place that knows which rights each duty has.
 *
 * @param roles        the duty roles that exist, by name
 * @param missing      the grants not in place, in the order they are to be made; all of them when the database does
 *                     not exist yet
 * @param secondLoginInGroup whether the application role's second login exists and is a member of it
 */
record DutyState(Map<String, Login> roles, List<Grant> missing, boolean secondLoginInGroup) {

    /** No roles by duty asked for, or nothing read. */
    static final DutyState NONE = new DutyState(Map.of(), List.of(), false);

    private static final String TABLE_RIGHTS = "SELECT, INSERT, UPDATE, DELETE";

    /**
     * A duty role as it exists.
     *
     * @param role         its attributes
     * @param ownsDatabase whether it owns a database: then it is another service's role, not a duty role
     * @param passwordSame whether its password is the one asked for; empty when that cannot be told
     */
    record Login(ServerState.Role role, boolean ownsDatabase, Optional<Boolean> passwordSame) {
    }

    /**
     * One right a duty role needs.
     *
     * @param kind   the action that gives it
     * @param target what it is about, for the plan ({@code backend_app on backend})
     * @param sql    the statement that gives it, run in the service's database
     */
    record Grant(ActionKind kind, String target, String sql) {
    }

    /** A grant with the SQL expression that is true when it is in place, run in the service's database. */
    private record Check(Grant grant, String inPlace) {
    }

    /**
     * Every grant the service's duty roles need that can be checked by name: connecting, default privileges, usage
     * of its schemas, and (read-only role or application role present) schema public closed to creation by all.
     */
    private static List<Check> checks(ServiceDatabase service) {
        List<Check> checks = new ArrayList<>();
        String owner = service.owner();
        String database = service.database();
        List<String> grantees = new ArrayList<>();
        service.applicationRole().ifPresent(grantees::add);
        service.readOnlyRole().ifPresent(grantees::add);
        for (String role : grantees) {
            checks.add(new Check(new Grant(ActionKind.GRANT_CONNECT, role + " on " + database,
                    "GRANT CONNECT ON DATABASE " + quote(database) + " TO " + quote(role)),
                    "COALESCE(has_database_privilege(" + oid(role) + ", current_database(), 'CONNECT'), false)"));
        }
        service.applicationRole().ifPresent(app -> {
            checks.add(defaultPrivilege(owner, app, "r", TABLE_RIGHTS, "TABLES"));
            checks.add(defaultPrivilege(owner, app, "S", "USAGE", "SEQUENCES"));
        });
        service.readOnlyRole().ifPresent(readOnly -> checks.add(defaultPrivilege(owner, readOnly, "r", "SELECT", "TABLES")));
        for (String schema : service.schemas()) {
            for (String role : grantees) {
                checks.add(new Check(new Grant(ActionKind.GRANT_SCHEMA_USAGE, role + " on " + database + "." + schema,
                        "GRANT USAGE ON SCHEMA " + quote(schema) + " TO " + quote(role)),
                        "(SELECT COALESCE(bool_and(has_schema_privilege(" + oid(role) + ", n.oid, 'USAGE')), false)"
                                + " FROM pg_namespace n WHERE n.nspname = " + literal(schema) + ")"));
            }
        }
        checks.add(new Check(new Grant(ActionKind.CLOSE_PUBLIC_SCHEMA, database + ".public",
                "REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT CREATE ON SCHEMA public TO " + quote(owner)),
                "NOT EXISTS (SELECT 1 FROM pg_namespace n, aclexplode(COALESCE(n.nspacl, acldefault('n', n.nspowner))) a"
                        + " WHERE n.nspname = 'public' AND a.grantee = 0 AND a.privilege_type = 'CREATE')"));
        return checks;
    }

    private static Check defaultPrivilege(String owner, String role, String objectType, String rights, String objects) {
        int count = rights.split(",").length;
        return new Check(new Grant(ActionKind.GRANT_DEFAULT_PRIVILEGES, role + " on " + objects.toLowerCase()
                + " of " + owner,
                "ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(owner) + " GRANT " + rights + " ON " + objects + " TO "
                        + quote(role)),
                "(SELECT count(DISTINCT a.privilege_type) = " + count + " FROM pg_default_acl d, aclexplode(d.defaclacl) a"
                        + " WHERE d.defaclrole = " + oid(owner) + " AND d.defaclnamespace = 0"
                        + " AND d.defaclobjtype = '" + objectType + "' AND a.grantee = " + oid(role)
                        + " AND a.privilege_type IN (" + String.join(", ", quoteEach(rights)) + "))");
    }

    private static List<String> quoteEach(String rights) {
        List<String> literals = new ArrayList<>();
        for (String right : rights.split(",")) {
            literals.add(literal(right.strip()));
        }
        return literals;
    }

    private static String oid(String role) {
        return "(SELECT oid FROM pg_roles WHERE rolname = " + literal(role) + ")";
    }

    /**
     * The grants for tables and sequences that already exist, owned by the service's owner, and lack the rights a
     * duty role needs: made before roles by duty were turned on, or before the default privileges were set. A
     * missing role lacks them all.
     */
    private static List<String> existingObjectQueries(ServiceDatabase service) {
        List<String> queries = new ArrayList<>();
        service.applicationRole().ifPresent(app -> {
            queries.add(lacking(service.owner(), "'r', 'p', 'v', 'm', 'f'", app, "has_table_privilege", TABLE_RIGHTS));
            queries.add(lacking(service.owner(), "'S'", app, "has_sequence_privilege", "USAGE"));
        });
        service.readOnlyRole().ifPresent(readOnly ->
                queries.add(lacking(service.owner(), "'r', 'p', 'v', 'm', 'f'", readOnly, "has_table_privilege", "SELECT")));
        return queries;
    }

    private static String lacking(String owner, String kinds, String role, String function, String rights) {
        StringBuilder all = new StringBuilder();
        for (String right : rights.split(",")) {
            all.append(all.length() == 0 ? "" : " AND ").append(function).append("(").append(oid(role))
                    .append(", c.oid, ").append(literal(right.strip())).append(")");
        }
        return "ARRAY(SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE c.relowner = " + oid(owner) + " AND c.relkind IN (" + kinds + ")"
                // CASE, so the privilege function never sees a relation of another kind (it would raise an error).
                + " AND NOT COALESCE(CASE WHEN c.relkind IN (" + kinds + ") AND c.relowner = " + oid(owner)
                + " THEN " + all + " END, false) ORDER BY 1)";
    }

    private static List<Grant> existingObjectGrants(ServiceDatabase service, List<List<String>> lacking) {
        List<Grant> grants = new ArrayList<>();
        int index = 0;
        if (service.applicationRole().isPresent()) {
            String app = service.applicationRole().get();
            grantOn(grants, lacking.get(index++), "TABLE", TABLE_RIGHTS, app, service);
            grantOn(grants, lacking.get(index++), "SEQUENCE", "USAGE", app, service);
        }
        if (service.readOnlyRole().isPresent()) {
            grantOn(grants, lacking.get(index), "TABLE", "SELECT", service.readOnlyRole().get(), service);
        }
        return grants;
    }

    private static void grantOn(List<Grant> grants, List<String> objects, String kind, String rights, String role,
                                ServiceDatabase service) {
        if (!objects.isEmpty()) {
            // format('%I.%I') quoted each name on the server, by the same rule as Identifiers.quote.
            grants.add(new Grant(ActionKind.GRANT_EXISTING_OBJECTS, role + " on " + objects.size() + " "
                    + kind.toLowerCase() + "(s) of " + service.database(),
                    "GRANT " + rights + " ON " + kind + " " + String.join(", ", objects) + " TO " + quote(role)));
        }
    }

    /**
     * The duty roles and their grants when the database does not exist yet: whatever roles exist, and every grant
     * missing.
     */
    static DutyState beforeDatabase(ServiceDatabase service, Map<String, Login> roles, int serverVersion) {
        List<Grant> missing = new ArrayList<>();
        for (Check check : checks(service)) {
            // From 15 on a new database's schema public is closed to creation by all but its owner.
            if (check.grant().kind() != ActionKind.CLOSE_PUBLIC_SCHEMA || serverVersion < 150_000) {
                missing.add(check.grant());
            }
        }
        return new DutyState(roles, missing, false);
    }

    /**
     * Reads the roles ({@code pg_roles}) and, with {@code inDatabase}, the grants.
     *
     * @param connection     any connection to the server; in the service's database when {@code inDatabase}
     * @param inDatabase     whether the service's database exists and {@code connection} is to it
     * @param serverVersion  {@code server_version_num}
     * @param verifiers      whether {@code pg_authid} may be read (a superuser), to compare passwords on the client
     * @param tryLogin       tells whether a role's password works by logging in, when it cannot be compared
     */
    static DutyState read(Connection connection, ServiceDatabase service, boolean verifiers, boolean inDatabase,
                          int serverVersion, BiFunction<String, Secret, Optional<Boolean>> tryLogin) throws SQLException {
        Map<String, Login> roles = readRoles(connection, service, verifiers, tryLogin);
        if (!inDatabase) {
            return beforeDatabase(service, roles, serverVersion);
        }
        List<Check> checks = checks(service);
        List<String> existing = existingObjectQueries(service);
        StringBuilder sql = new StringBuilder("SELECT ");
        for (Check check : checks) {
            sql.append(check.inPlace()).append(", ");
        }
        for (String query : existing) {
            sql.append(query).append(", ");
        }
        String second = service.applicationLogins().isEmpty() ? null : service.applicationLogins().get(1);
        sql.append(second == null ? "false"
                : "COALESCE(pg_has_role(" + oid(second) + ", " + oid(service.applicationRole().get()) + ", 'MEMBER'), false)");
        List<Grant> missing = new ArrayList<>();
        boolean member;
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql.toString())) {
            rs.next();
            int column = 1;
            for (Check check : checks) {
                if (!rs.getBoolean(column++)) {
                    missing.add(check.grant());
                }
            }
            List<List<String>> lacking = new ArrayList<>();
            for (int i = 0; i < existing.size(); i++) {
                lacking.add(strings(rs.getArray(column++)));
            }
            missing.addAll(existingObjectGrants(service, lacking));
            member = rs.getBoolean(column);
        }
        return new DutyState(roles, missing, member);
    }

    private static Map<String, Login> readRoles(Connection connection, ServiceDatabase service, boolean verifiers,
                                                BiFunction<String, Secret, Optional<Boolean>> tryLogin)
            throws SQLException {
        String sql = "SELECT r.rolname, " + ServerState.ROLE_COLUMNS + ","
                + " EXISTS (SELECT 1 FROM pg_database d WHERE d.datdba = r.oid),"
                + (verifiers ? " (SELECT rolpassword FROM pg_authid WHERE oid = r.oid)" : " NULL::text")
                + " FROM pg_roles r WHERE r.rolname = ANY (?)";
        Map<String, Login> roles = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, connection.createArrayOf("text", service.dutyRoles().toArray()));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String verifier = rs.getString(10);
                    Optional<Secret> password = service.passwordOf(name);
                    Optional<Boolean> same = password.isEmpty() ? Optional.empty() : verifiers
                            ? PasswordVerifiers.matches(verifier, name, password.get()) : Optional.empty();
                    ServerState.Role role = ServerState.Role.read(rs, 2, true, !verifiers || verifier != null);
                    roles.put(name, new Login(role, rs.getBoolean(9), same));
                }
            }
        }
        for (Map.Entry<String, Login> entry : Map.copyOf(roles).entrySet()) {
            Login login = entry.getValue();
            Optional<Secret> password = service.passwordOf(entry.getKey());
            if (login.passwordSame().isEmpty() && password.isPresent() && login.role().canLogin()) {
                roles.put(entry.getKey(), new Login(login.role(), login.ownsDatabase(),
                        tryLogin.apply(entry.getKey(), password.get())));
            }
        }
        return roles;
    }

    private static List<String> strings(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }

    /**
     * The application login the pool uses: the second login when it may log in and has the password asked for,
     * else the application role itself. Empty without roles by duty.
     */
    Optional<String> activeApplicationLogin(ServiceDatabase service) {
        List<String> logins = service.applicationLogins();
        if (logins.isEmpty()) {
            return Optional.empty();
        }
        Login second = roles.get(logins.get(1));
        boolean secondActive = second != null && second.role().canLogin() && second.passwordSame().orElse(false);
        return Optional.of(logins.get(secondActive ? 1 : 0));
    }
}
