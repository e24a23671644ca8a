package dev.sharedsvc.bootstrap;

/**
 * What a framework opens itself when sharedsvc only prepares its start ({@link SharedServices#prepare}), so that
 * sharedsvc opens nothing twice.
 */
public enum FrameworkOwns {

    /** The framework starts the connection pool (Spring Boot's HikariCP, Quarkus' Agroal): sharedsvc starts none. */
    POOL,

    /** The framework's Flyway runs the migrations: sharedsvc runs none. */
    MIGRATIONS,

    /**
     * The framework opens its own Redis clients: sharedsvc checks the server and resolves each purpose's target, and
     * opens no connection for the purposes.
     */
    REDIS
}
