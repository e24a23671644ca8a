package dev.sharedsvc.postgres;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the connection slots of a shared PostgreSQL server are shared out among its login roles, as
 * {@link ServiceCheck} reads them with the service's own login. One server with {@code max_connections=200}
 * shared by Keycloak and every service is where "sorry, too many clients already" comes from in production; this
 * is the arithmetic that predicts it.
 *
 * <p>Superusers are left out of the sums: they have {@code superuser_reserved_connections} to themselves.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxConnections    the server's {@code max_connections}
 * @param superuserReserved its {@code superuser_reserved_connections}
 * @param reserved          its {@code reserved_connections} (PostgreSQL 16+, for roles with
 *                          {@code pg_use_reserved_connections}); 0 before 16
 * @param role              the service's role
 * @param roleLimit         the role's {@code rolconnlimit}: {@code -1} for no limit, otherwise the most sessions it
 *                          may hold at once (0: none)
 * @param limitedRoles      how many login roles other than superusers have a limit
 * @param limitSum          the sum of those limits
 * @param unlimitedRoles    the login roles other than superusers without a limit ({@code -1}), by name
 */
public record ConnectionBudget(int maxConnections, int superuserReserved, int reserved, String role, int roleLimit,
                               int limitedRoles, long limitSum, List<String> unlimitedRoles) {

    private static final int NAMES_SHOWN = 5;

    public ConnectionBudget {
        Objects.requireNonNull(role, "role");
        unlimitedRoles = List.copyOf(unlimitedRoles);
    }

    /** The slots left for roles that are not superusers: {@code max_connections} minus both reserves, at least 0. */
    public int available() {
        return Math.max(0, maxConnections - superuserReserved - reserved);
    }

    /**
     * The most connections the service's role can hold at once: its limit, or {@link #available()} when that is
     * lower or the role has no limit.
     */
    public int roomForRole() {
        return roleLimit < 0 ? available() : Math.min(roleLimit, available());
    }

    /** Whether the limits of the login roles add up to more than the server has for them. */
    public boolean overcommitted() {
        return limitSum > available();
    }

    /**
     * The warning to log when the limits add up to more than the server has, with the numbers; empty otherwise.
     * Roles without a limit are named too, since they make any sum a guess.
     */
    public Optional<String> warning() {
        if (!overcommitted()) {
            return Optional.empty();
        }
        return Optional.of("the connection limits of " + limitedRoles + " login roles add up to " + limitSum
                + ", more than the " + available() + " connections the server has for them (" + slots()
                + "); when they all connect at once some get 'too many clients': lower the limits or raise"
                + " max_connections" + (unlimitedRoles.isEmpty() ? "" : "; " + unlimited() + " come on top"));
    }

    private String slots() {
        return "max_connections " + maxConnections + " - superuser_reserved_connections " + superuserReserved
                + (reserved > 0 ? " - reserved_connections " + reserved : "");
    }

    private String unlimited() {
        int count = unlimitedRoles.size();
        String names = String.join(", ", unlimitedRoles.subList(0, Math.min(NAMES_SHOWN, count)))
                + (count > NAMES_SHOWN ? " and " + (count - NAMES_SHOWN) + " more" : "");
        return count + (count == 1 ? " login role" : " login roles") + " without a limit (" + names + ")";
    }

    /**
     * One line, such as {@code 197 of max_connections 200 for login roles (3 reserved for superusers); role backend
     * limited to 20; limits of 2 login roles sum to 40; 1 login role without a limit (keycloak)}.
     */
    @Override
    public String toString() {
        return available() + " of max_connections " + maxConnections + " for login roles (" + superuserReserved
                + " reserved for superusers" + (reserved > 0 ? ", " + reserved + " reserved_connections" : "") + ")"
                + "; role " + role + (roleLimit < 0 ? " has no limit" : " limited to " + roleLimit)
                + "; limits of " + limitedRoles + (limitedRoles == 1 ? " login role" : " login roles")
                + " sum to " + limitSum + (overcommitted() ? " (over " + available() + ")" : "")
                + (unlimitedRoles.isEmpty() ? "" : "; " + unlimited());
    }
}
