package dev.sharedsvc.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.sharedsvc.postgres.ConnectionBudget;

/**
 * What the settings that shared servers tune should be at least, for the services registered on the server, and
 * the warnings where they fall short:
 * <ul>
 *   <li>{@code max_connections}: the reserved slots plus the connection limits of all login roles, so that every
 *       service at its limit still gets a connection (the library's {@link ConnectionBudget} arithmetic);</li>
 *   <li>{@code max_locks_per_transaction}: 128 when a Keycloak database is on the server (one whose name or owner
 *       says keycloak), since its schema migrations lock more objects in one transaction than PostgreSQL's default
 *       of 64 allows; otherwise that default;</li>
 *   <li>{@code shared_buffers} and {@code work_mem}: PostgreSQL's defaults, 128MB and 4MB.</li>
 * </ul>
 * {@code --require NAME=VALUE} sets what the services need instead, such as {@code work_mem=16MB}.
 */
final class Requirements {

    /** max_locks_per_transaction for a server with a Keycloak database. */
    static final long KEYCLOAK_LOCKS = 128;
    private static final Map<String, Long> DEFAULTS = Map.of("shared_buffers", 128L << 20, "work_mem", 4L << 20,
            "max_locks_per_transaction", 64L);
    private static final List<String> MEMORY = List.of("shared_buffers", "work_mem");

    private final Map<String, Long> required;

    private Requirements(Map<String, Long> required) {
        this.required = required;
    }

    /**
     * One setting against what the services need.
     *
     * @param setting its name
     * @param shown   its value as the server shows it
     * @param needed  the least it should be, in base units
     * @param because why, such as {@code PostgreSQL's default}
     * @param warning what to do when it is below; {@code null} when it is not
     */
    record Check(String setting, String shown, long needed, String because, String warning) {

        /** The need as the setting is written, such as {@code 128MB}. */
        String neededText() {
            return MEMORY.contains(setting) ? Sizes.setting(needed) : Long.toString(needed);
        }
    }

    /**
     * Reads {@code --require} entries, {@code NAME=VALUE}.
     *
     * @throws UsageException naming the entry when the name is not one status shows or the value is no number
     */
    static Requirements parse(List<String> entries) {
        Map<String, Long> required = new HashMap<>();
        for (String entry : entries) {
            int equals = entry.indexOf('=');
            String name = equals < 0 ? entry : entry.substring(0, equals).strip().toLowerCase(Locale.ROOT);
            if (equals < 0 || !PostgresStatus.SHOWN.contains(name)) {
                throw new UsageException("--require " + entry + ": expected NAME=VALUE with NAME one of "
                        + String.join(", ", PostgresStatus.SHOWN));
            }
            try {
                required.put(name, Sizes.parse(entry.substring(equals + 1)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--require " + entry + ": " + e.getMessage());
            }
        }
        return new Requirements(required);
    }

    /** Every shown setting of the server against what its services need. */
    List<Check> check(PostgresStatus status) {
        List<Check> checks = new ArrayList<>();
        for (String name : PostgresStatus.SHOWN) {
            PostgresStatus.ServerSetting setting = status.settings().get(name);
            if (setting != null) {
                checks.add(name.equals("max_connections") ? connections(status, setting) : check(status, setting));
            }
        }
        return checks;
    }

    private Check connections(PostgresStatus status, PostgresStatus.ServerSetting setting) {
        ConnectionBudget budget = status.budget();
        if (required.containsKey(setting.name())) {
            return check(setting, required.get(setting.name()), "as --require says");
        }
        long needed = budget.superuserReserved() + budget.reserved() + budget.limitSum();
        String because = (budget.superuserReserved() + budget.reserved()) + " reserved + " + budget.limitSum()
                + " in the connection limits of " + budget.limitedRoles()
                + (budget.limitedRoles() == 1 ? " login role" : " login roles");
        String warning = budget.warning().map(text -> "max_connections " + setting.shown() + ": "
                + text).orElse(null);
        return new Check(setting.name(), setting.shown(), needed, because, warning);
    }

    private Check check(PostgresStatus status, PostgresStatus.ServerSetting setting) {
        String name = setting.name();
        if (required.containsKey(name)) {
            return check(setting, required.get(name), "as --require says");
        }
        List<String> keycloak = status.databases().stream()
                .filter(database -> (database.name() + " " + database.owner()).toLowerCase(Locale.ROOT).contains("keycloak"))
                .map(PostgresStatus.Database::name).collect(Collectors.toList());
        if (name.equals("max_locks_per_transaction") && !keycloak.isEmpty()) {
            return check(setting, KEYCLOAK_LOCKS, "for Keycloak's schema migrations (database "
                    + String.join(", ", keycloak) + ")");
        }
        return check(setting, DEFAULTS.get(name), "PostgreSQL's default");
    }

    private static Check check(PostgresStatus.ServerSetting setting, long needed, String because) {
        Check check = new Check(setting.name(), setting.shown(), needed, because, null);
        if (setting.value() >= needed) {
            return check;
        }
        return new Check(setting.name(), setting.shown(), needed, because, setting.name() + " is " + setting.shown()
                + ", below the " + check.neededText() + " needed " + because + ": raise it in postgresql.conf (or"
                + " with -c " + setting.name() + "=" + check.neededText() + ") and restart the server");
    }
}
