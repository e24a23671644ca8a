package dev.sharedsvc.cli;

import java.util.Set;

/** The exit codes of every command, as the README's "Command line" section lists them. */
final class ExitCode {

    /** Done: ensure made everything exist, plan found nothing to change, the servers are ready. */
    static final int OK = 0;
    /** A server could not be reached in time, a change failed, or a check found errors. */
    static final int FAILED = 1;
    /** {@code plan} only: ensure would change something. */
    static final int CHANGES_PENDING = 2;
    /** A server rejected the credentials (PostgreSQL 28P01/28000, Redis WRONGPASS/NOAUTH). */
    static final int CREDENTIALS_REJECTED = 3;
    /** A bad flag, spec file or setting (sysexits' EX_USAGE); the one-line message names it. */
    static final int USAGE = 64;
    /** Interrupted (128 + SIGINT), as shells report it. */
    static final int INTERRUPTED = 130;

    /** pgjdbc's SQLSTATEs of a refused login: wrong password or unknown role, and no pg_hba.conf entry. */
    private static final Set<String> REFUSED_LOGIN = Set.of("28P01", "28000");

    private ExitCode() {
    }

    /** {@link #CREDENTIALS_REJECTED} for a refused login's SQLSTATE, else {@link #FAILED}. */
    static int ofSqlState(String sqlState) {
        return sqlState != null && REFUSED_LOGIN.contains(sqlState) ? CREDENTIALS_REJECTED : FAILED;
    }
}
