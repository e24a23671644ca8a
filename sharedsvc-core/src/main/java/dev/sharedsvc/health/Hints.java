package dev.sharedsvc.health;

import java.util.Locale;
import java.util.Optional;

/** What to check when a service is not ready, for the mistakes people make most. */
final class Hints {

    /** How the detail of a server that answers but refuses writes (a standby, a replica) begins. */
    static final String READ_ONLY = "read-only:";

    private Hints() {
    }

    static Optional<String> forState(Probe probe, Observation last) {
        String host = probe instanceof ServerProbe server ? server.host() : null;
        String hint = switch (last.state()) {
            case READY -> null;
            case NO_RESPONSE -> noResponse(host, last.detail());
            case REJECTING -> last.detail().startsWith(READ_ONLY) ? readOnly(probe) : "the server is up but not serving yet (starting, shutting down, in recovery or"
                    + " loading its data): give it a longer deadline";
            case CREDENTIALS_REJECTED -> "the user or password was rejected: check the secret this service is given;"
                    + " a PostgreSQL data volume keeps the password of its first start (POSTGRES_PASSWORD is read"
                    + " only when the data directory is empty)";
            case DATABASE_MISSING -> "the database does not exist (yet): create it before this service starts, or"
                    + " check its name in the URL";
            case TOO_MANY_CLIENTS -> "the server has no free connection slot: lower the pool sizes of the services"
                    + " on it or raise max_connections";
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
