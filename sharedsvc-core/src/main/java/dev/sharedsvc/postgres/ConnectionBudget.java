package dev.sharedsvc.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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
 * <p>Immutable and thread-safe. Read by {@link ServiceCheck} on every start, or by {@link #read(Connection)}.
 *
 * @param maxConnections    the server's {@code max_connections}
 * @param superuserReserved its {@code superuser_reserved_connections}
 * @param reserved          its {@code reserved_connections} (PostgreSQL 16+, for roles with
 *                          {@code pg_use_reserved_connections}); 0 before 16
 * @param role              the login the service's pool uses: its role, or with roles by duty its application login
 * @param roleLimit         the role's {@code rolconnlimit}: {@code -1} for no limit, otherwise the most sessions it
 *                          may hold at once (0: none)
 * @param limitedRoles      how many login roles other than superusers have a limit
 * @param limitSum          the sum of those limits
 * @param unlimitedRoles    the login roles other than superusers without a limit ({@code -1}), by name
 */
public record ConnectionBudget(int maxConnections, int superuserReserved, int reserved, String role, int roleLimit,
                               int limitedRoles, long limitSum, List<String> unlimitedRoles) {

    private static final int NAMES_SHOWN = 5;

    /**
     * The select-list that reads the budget's server-wide columns (everything but the role and its limit), in the
     * order {@link #read(ResultSet, int, String, int)} takes them, from the {@link #LOGINS} item of the FROM list:
     * the one query text, used by every reader.
     */
    static final String COLUMNS = " current_setting('max_connections')::int,"
            + " current_setting('superuser_reserved_connections')::int,"
            + " COALESCE(current_setting('reserved_connections', true)::int, 0),"
            + " logins.limited, logins.limit_sum, logins.unlimited";

    /**
     * The FROM-list item {@link #COLUMNS} reads: the login roles other than superusers, summed in one pass over
     * {@code pg_roles}.
     */
    static final String LOGINS = " (SELECT count(*) FILTER (WHERE rolconnlimit >= 0) AS limited,"
            + " COALESCE(sum(rolconnlimit) FILTER (WHERE rolconnlimit >= 0), 0) AS limit_sum,"
            + " COALESCE(array_agg(rolname::text ORDER BY rolname) FILTER (WHERE rolconnlimit < 0), '{}') AS unlimited"
            + " FROM pg_roles WHERE rolcanlogin AND NOT rolsuper) logins";

    public ConnectionBudget {
        Objects.requireNonNull(role, "role");
        unlimitedRoles = List.copyOf(unlimitedRoles);
    }

    /**
     * Reads the budget of the connection's own role ({@code current_user}) with one query; any role may run it.
     *
     * @throws SQLException as the server reports it
     */
    public static ConnectionBudget read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_user::text, rolconnlimit," + COLUMNS
                     + " FROM pg_roles," + LOGINS + " WHERE rolname = current_user")) {
            rs.next();
            return read(rs, 3, rs.getString(1), rs.getInt(2));
        }
    }

    /** Reads the {@link #COLUMNS} from column {@code first} on. */
    static ConnectionBudget read(ResultSet rs, int first, String role, int roleLimit) throws SQLException {
        Array unlimited = rs.getArray(first + 5);
        return new ConnectionBudget(rs.getInt(first), rs.getInt(first + 1), rs.getInt(first + 2), role, roleLimit,
                rs.getInt(first + 3), rs.getLong(first + 4), List.of((String[]) unlimited.getArray()));
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
