package dev.sharedsvc.health;

import java.util.Locale;
import java.util.Optional;

import dev.sharedsvc.internal.Logins;

/** What to check when a service is not ready, for the mistakes people make most. */
final class Hints {

    /** How the detail of a server that answers but refuses writes (a standby, a replica) begins. */
    static final String READ_ONLY = "read-only:";

    /** How the detail of a refusal by PgBouncer (SQLSTATE 08P01) begins. */
    static final String POOLER = "SQLSTATE 08P01 (PgBouncer):";

    /** The hint for a rejected login that was waited out ({@link RoleAwaited}). */
    static final String ROLE_OR_PASSWORD = "the role does not exist or its password is not the one given (waited"
            + " for until the deadline, as an init container may still be creating the role): create the role"
            + " (sharedsvc-cli ensure as an administrator, or give the service the administrator's password so it"
            + " ensures it itself), or give the service the password the role has";

    /**
     * The hint when the server had no free connection slot until the deadline; the bootstrap adds the budget it
     * could read.
     */
    static final String OUT_OF_SLOTS = "the server had no free connection slot until the deadline: its"
            + " max_connections, less superuser_reserved_connections (and reserved_connections from PostgreSQL 16), is"
            + " shared by every login role (or PgBouncer's max_client_conn is reached). " + Logins.OUT_OF_SLOTS_ADVICE
            + " (sharedsvc-cli status shows the budget)";

    private Hints() {
    }

    static Optional<String> forState(Probe probe, Observation last) {
        String host = ServerProbe.host(probe);
        String hint = switch (last.state()) {
            case READY -> null;
            case NO_RESPONSE -> noResponse(host, last.detail());
            case REJECTING -> last.detail().startsWith(READ_ONLY) ? readOnly(probe)
                    : last.detail().startsWith(POOLER) ? "PgBouncer answered but could not hand out a server"
                            + " connection in time (query_wait_timeout) or log in to the server (server_login_retry):"
                            + " check that PostgreSQL runs and has free slots, that the pooler's auth_file or"
                            + " auth_query knows this role and password, and the pooler's log"
                    : "the server is up but not serving yet (starting, shutting down, in recovery or"
                    + " loading its data): give it a longer deadline";
            case CREDENTIALS_REJECTED -> ServerProbe.awaitsRole(probe) ? ROLE_OR_PASSWORD
                    : "the user or password was rejected: check the secret this service is given;"
                    + " a PostgreSQL data volume keeps the password of its first start (POSTGRES_PASSWORD is read"
                    + " only when the data directory is empty)";
            case DATABASE_MISSING -> "the database does not exist (yet): create it before this service starts, or"
                    + " check its name in the URL";
            case TOO_MANY_CLIENTS -> OUT_OF_SLOTS;
            case OTHER_ERROR -> null;
        };
        return Optional.ofNullable(hint);
    }

    private static String readOnly(Probe probe) {
        return probe instanceof RedisProbe
                ? "this Redis is a replica and refuses writes: name its master, or reach the master through Sentinel"
                        + " (redis-sentinel://host:26379/0?sentinelMasterId=name) so a failover is followed"
                : "this PostgreSQL is a standby and refuses writes: name the primary too (a multi-host URL with"
                        + " targetServerType=primary waits for whichever host is primary), or, for a service that"
                        + " only reads, say so with targetServerType=secondary or preferSecondary in its URL";
    }

    private static String noResponse(String host, String detail) {
        if (detail.contains("UnknownHostException")) {
            return "the host name does not resolve: check its spelling, and that this service is on the same"
                    + " (Docker) network as the server";
        }
        if (host != null && isLoopback(host)) {
            return "nothing answers on " + host + ": inside a container " + host + " is the container itself;"
                    + " use the server's service name (such as db) as the host";
        }
        return "nothing answers: check the host and port, and that the server is started";
    }

    private static boolean isLoopback(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        return name.equals("localhost") || name.startsWith("127.") || name.equals("::1") || name.equals("[::1]");
    }
}
