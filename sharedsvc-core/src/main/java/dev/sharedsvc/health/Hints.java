package dev.sharedsvc.health;

import java.util.Locale;
import java.util.Optional;

/** What to check when a service is not ready, for the mistakes people make most. */
final class Hints {

    /** How the detail of a server that answers but refuses writes (a standby, a replica) begins. */
    static final String READ_ONLY = "read-only:";

    /** How the detail of a refusal by PgBouncer (SQLSTATE 08P01) begins. */
    static final String POOLER = "SQLSTATE 08P01 (PgBouncer):";

    private Hints() {
    }

    static Optional<String> forState(Probe probe, Observation last) {
        String host = probe instanceof ServerProbe server ? server.host() : null;
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
            case CREDENTIALS_REJECTED -> "the user or password was rejected: check the secret this service is given;"
                    + " a PostgreSQL data volume keeps the password of its first start (POSTGRES_PASSWORD is read"
                    + " only when the data directory is empty)";
            case DATABASE_MISSING -> "the database does not exist (yet): create it before this service starts, or"
                    + " check its name in the URL";
            case TOO_MANY_CLIENTS -> "the server has no free connection slot (max_connections, or PgBouncer's"
                    + " max_client_conn): the connection budget of all services on it is spent; lower their pool"
                    + " sizes or raise the limit (sharedsvc status shows the budget)";
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
