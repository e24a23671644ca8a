package dev.sharedsvc.postgres;

import static dev.sharedsvc.postgres.Identifiers.literal;
import static dev.sharedsvc.postgres.Identifiers.quote;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides, from a {@link ServerState}, which {@link Action actions} bring the server to a {@link ServiceDatabase},
 * and which drift to report without fixing. Pure: no I/O.
 */
final class Planner {

    /** The administrator who will act on the plan; null when the plan is read by the service itself. */
    private final AdminInfo admin;

    Planner(AdminInfo admin) {
        this.admin = admin;
    }

    /**
     * A planner for what the service's own login sees ({@link ServiceCheck}): no administrator is connected, so
     * no {@link ActionKind#GRANT_ROLE_TO_ADMIN}, which only lets an administrator act, is planned.
     */
    static Planner withoutAdmin() {
        return new Planner(null);
    }

    ProvisioningPlan plan(ServiceDatabase service, ServerState state) {
        List<Action> actions = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String role = service.owner();
        String database = service.database();
        String quotedRole = quote(role);
        requireOwnDutyRoles(service, state.duties());

        if (state.role().isEmpty()) {
            actions.add(createRole(service, role, true));
            if (service.password().isPresent()) {
                actions.add(setPassword(role));
            } else {
                warnings.add("role " + role + " is created without a password: set one before the service logs in");
            }
            if (admin != null && !admin.superuser() && !admin.selfGrantsCreatedRoles()) {
                actions.add(grantToAdmin(role));
            }
        } else {
            ServerState.Role existing = state.role().get();
            if (!existing.canLogin()) {
                actions.add(new Action(ActionKind.ALLOW_LOGIN, role, "ALTER ROLE " + quotedRole + " LOGIN"));
            }
            setConnectionLimit(service, role, existing, actions);
            if (service.password().isPresent() && !state.passwordSame().orElse(false)) {
                actions.add(setPassword(role));
            }
            if (admin != null && !admin.superuser() && !existing.adminActsAsRole()) {
                actions.add(grantToAdmin(role));
            }
            warnRoleDrift(service, existing, warnings);
        }

        if (state.database().isEmpty()) {
            actions.add(new Action(ActionKind.CREATE_DATABASE, database, createDatabase(service)));
            service.comment().ifPresent(text -> actions.add(new Action(ActionKind.COMMENT_DATABASE, database,
                    "COMMENT ON DATABASE " + quote(database) + " IS " + literal(text))));
            actions.add(revokePublic(database));
        } else {
            ServerState.Database existing = state.database().get();
            if (existing.publicCanConnect()) {
                actions.add(revokePublic(database));
            }
            warnDatabaseDrift(service, existing, warnings);
        }

        for (String schema : service.schemas()) {
            String owner = state.schemaOwners().get(schema);
            if (owner == null) {
                actions.add(new Action(ActionKind.CREATE_SCHEMA, database + "." + schema,
                        "CREATE SCHEMA IF NOT EXISTS " + quote(schema) + " AUTHORIZATION " + quotedRole));
            } else if (!owner.equals(role)) {
                warnings.add("schema " + schema + " in database " + database + " belongs to " + owner + ", not " + role);
            }
        }
        for (String extension : service.extensions()) {
            if (!state.extensions().contains(extension)) {
                actions.add(new Action(ActionKind.CREATE_EXTENSION, database + "." + extension,
                        "CREATE EXTENSION IF NOT EXISTS " + quote(extension)));
            }
        }
        planDuties(service, state.duties(), actions, warnings);
        return new ProvisioningPlan(service, actions, warnings);
    }

    /**
     * Refuses, before any change, a duty role name that is taken by a role that is not one: one that owns a
     * database (another service's owner) or holds an attribute no duty role has.
     */
    private static void requireOwnDutyRoles(ServiceDatabase service, DutyState duties) {
        duties.roles().forEach((name, login) -> {
            ServerState.Role role = login.role();
            if (login.ownsDatabase() || role.superuser() || role.createrole() || role.createdb() || role.replication()
                    || role.bypassRls()) {
                throw new ProvisioningException("role " + name + ", which roles by duty of database "
                        + service.database() + " would use, already exists as another kind of role ("
                        + (login.ownsDatabase() ? "it owns a database" : "it has administrative attributes")
                        + "); nothing was changed. Give the service another owner (role) name, or drop or rename "
                        + name, null, null);
            }
        });
    }

    /**
     * The application role (the group of rights and the pool's first login), its second login when a rotation made
     * one, the read-only role, and the grants each needs. The login the pool uses gets the password asked for.
     */
    private void planDuties(ServiceDatabase service, DutyState duties, List<Action> actions, List<String> warnings) {
        List<String> logins = service.applicationLogins();
        if (!logins.isEmpty()) {
            String active = duties.activeApplicationLogin(service).orElseThrow();
            planLogin(service, active, duties, true, actions);
            DutyState.Login first = duties.roles().get(logins.get(0));
            DutyState.Login second = duties.roles().get(logins.get(1));
            for (String login : logins) {
                DutyState.Login other = duties.roles().get(login);
                if (!login.equals(active) && other != null) {
                    // The login a rotation will move the pool to keeps the limit the pool runs under.
                    setConnectionLimit(service, login, other.role(), actions);
                }
            }
            if (second != null && !duties.secondLoginInGroup()) {
                actions.add(new Action(ActionKind.GRANT_MEMBERSHIP, logins.get(1),
                        "GRANT " + quote(logins.get(0)) + " TO " + quote(logins.get(1))));
            }
            if (first != null && second != null && first.role().canLogin() && second.role().canLogin()) {
                warnings.add("both logins of " + logins.get(0) + " may log in: a password rotation is under way or"
                        + " was interrupted; run the rotation again to finish it, or roll it back");
            }
        }
        service.readOnlyRole().ifPresent(readOnly -> planLogin(service, readOnly, duties, false, actions));
        for (DutyState.Grant grant : duties.missing()) {
            Action action = new Action(grant.kind(), grant.target(), grant.sql());
            if (grant.kind() != ActionKind.CLOSE_PUBLIC_SCHEMA || (admin != null && admin.superuser())) {
                actions.add(action);
            } else {
                warnings.add("every role may create objects in schema public of database " + service.database()
                        + " (PostgreSQL before 15), the roles by duty too; the schema's owner (a superuser) can close"
                        + " it: " + grant.sql());
            }
        }
    }

    /**
     * Creates a duty login, lets it log in, gives it its password and, for the service's own logins
     * ({@code limited}), its connection limit, as needed.
     */
    private void planLogin(ServiceDatabase service, String name, DutyState duties, boolean limited,
                           List<Action> actions) {
        DutyState.Login login = duties.roles().get(name);
        if (login == null) {
            actions.add(createRole(service, name, limited));
            actions.add(setPassword(name));
            return;
        }
        if (!login.role().canLogin()) {
            actions.add(new Action(ActionKind.ALLOW_LOGIN, name, "ALTER ROLE " + quote(name) + " LOGIN"));
        }
        if (limited) {
            setConnectionLimit(service, name, login.role(), actions);
        }
        if (!login.passwordSame().orElse(false)) {
            actions.add(setPassword(name));
        }
    }

    /**
     * {@code CREATE ROLE} for a login of the service, with the service's connection limit when {@code limited} (the
     * owner and the application logins: the service's own processes use them) and its comment. One statement text,
     * so one implicit transaction: the role never exists without its comment.
     */
    private static Action createRole(ServiceDatabase service, String name, boolean limited) {
        String limit = limited ? connectionLimit(service) : "";
        String comment = service.comment().map(text -> "; COMMENT ON ROLE " + quote(name) + " IS " + literal(text))
                .orElse("");
        return new Action(ActionKind.CREATE_ROLE, name, "CREATE ROLE " + quote(name) + " LOGIN" + limit + comment);
    }

    /**
     * The {@code CONNECTION LIMIT} clause (with a leading space) that gives a login of the service its limit; empty
     * when the service asks for none.
     */
    static String connectionLimit(ServiceDatabase service) {
        return service.connectionLimit().isPresent() ? " CONNECTION LIMIT " + service.connectionLimit().getAsInt() : "";
    }

    /** Sets the service's connection limit, when it has one, on an existing login of its own that has another. */
    private static void setConnectionLimit(ServiceDatabase service, String name, ServerState.Role existing,
                                           List<Action> actions) {
        if (service.connectionLimit().isPresent()
                && service.connectionLimit().getAsInt() != existing.connectionLimit()) {
            actions.add(new Action(ActionKind.SET_CONNECTION_LIMIT, name,
                    "ALTER ROLE " + quote(name) + " CONNECTION LIMIT " + service.connectionLimit().getAsInt()));
        }
    }

    private static Action setPassword(String role) {
        return new Action(ActionKind.SET_PASSWORD, role, "ALTER ROLE " + quote(role) + " PASSWORD '***'");
    }

    private Action grantToAdmin(String role) {
        return new Action(ActionKind.GRANT_ROLE_TO_ADMIN, role,
                "GRANT " + quote(role) + " TO " + quote(admin.user()));
    }

    private static Action revokePublic(String database) {
        return new Action(ActionKind.REVOKE_PUBLIC, database,
                "REVOKE CONNECT, TEMPORARY ON DATABASE " + quote(database) + " FROM PUBLIC");
    }

    private String createDatabase(ServiceDatabase service) {
        StringBuilder sql = new StringBuilder("CREATE DATABASE ").append(quote(service.database()))
                .append(" OWNER ").append(quote(service.owner()));
        if (service.template().isPresent()) {
            sql.append(" TEMPLATE ").append(quote(service.template().get()));
        } else if (service.encoding().isPresent() || service.locale().isPresent()) {
            sql.append(" TEMPLATE template0");
        }
        if (service.strategy() != CopyStrategy.SERVER_DEFAULT && admin.serverVersion() >= 150_000) {
            sql.append(" STRATEGY ").append(service.strategy().name());
        }
        service.encoding().ifPresent(encoding -> sql.append(" ENCODING ").append(literal(encoding)));
        service.locale().ifPresent(locale -> sql.append(" LC_COLLATE ").append(literal(locale))
                .append(" LC_CTYPE ").append(literal(locale)));
        return sql.toString();
    }

    private static void warnRoleDrift(ServiceDatabase service, ServerState.Role existing, List<String> warnings) {
        String role = service.owner();
        List<String> extra = new ArrayList<>();
        if (existing.superuser()) {
            extra.add("SUPERUSER");
        }
        if (existing.createdb()) {
            extra.add("CREATEDB");
        }
        if (existing.createrole()) {
            extra.add("CREATEROLE");
        }
        if (existing.replication()) {
            extra.add("REPLICATION");
        }
        if (existing.bypassRls()) {
            extra.add("BYPASSRLS");
        }
        if (!extra.isEmpty()) {
            warnings.add("role " + role + " has " + String.join(", ", extra)
                    + ", more than a service needs; left as is (remove with ALTER ROLE " + quote(role) + " NO"
                    + String.join(" NO", extra) + ")");
        }
        if (!existing.hasPassword() && service.password().isEmpty()) {
            warnings.add("role " + role + " has no password: it cannot log in with password authentication");
        }
    }

    private static void warnDatabaseDrift(ServiceDatabase service, ServerState.Database existing, List<String> warnings) {
        String database = service.database();
        if (!existing.owner().equals(service.owner())) {
            warnings.add("database " + database + " belongs to " + existing.owner() + ", not " + service.owner()
                    + "; left as is (change with ALTER DATABASE " + quote(database) + " OWNER TO "
                    + quote(service.owner()) + ")");
        }
        service.encoding().filter(encoding -> !encoding.equalsIgnoreCase(existing.encoding()))
                .ifPresent(encoding -> warnings.add("database " + database + " has encoding " + existing.encoding()
                        + ", not " + encoding + "; an existing database cannot be re-encoded"));
        service.locale().filter(locale -> !locale.equals(existing.collate()) || !locale.equals(existing.ctype()))
                .ifPresent(locale -> warnings.add("database " + database + " has locale " + existing.collate()
                        + "/" + existing.ctype() + ", not " + locale + "; an existing database keeps its locale"));
        if (existing.template()) {
            warnings.add("database " + database + " is marked as a template");
        }
        if (!existing.allowsConnections()) {
            warnings.add("database " + database + " does not allow connections (datallowconn is false)");
        }
    }
}
