package dev.sharedsvc.cli;

import dev.sharedsvc.config.Setting;
import picocli.CommandLine.Option;

/** Where the PostgreSQL server is and who its administrator is: flags over the settings of the same meaning. */
final class PostgresOptions {

    @Option(names = "--postgres-url", paramLabel = "JDBC-URL",
            description = "The PostgreSQL server, such as jdbc:postgresql://db:5432/postgres, without user or password."
                    + " Default: SHAREDSVC_POSTGRES_URL.")
    String postgresUrl;

    @Option(names = "--admin-user", paramLabel = "ROLE",
            description = "The administrator. Default: SHAREDSVC_POSTGRES_ADMIN_USER, POSTGRES_USER, else postgres.")
    String adminUser;

    @Option(names = "--admin-password-file", paramLabel = "FILE",
            description = "A file holding the administrator's password. Default: SHAREDSVC_POSTGRES_ADMIN_PASSWORD(_FILE),"
                    + " POSTGRES_PASSWORD(_FILE).")
    String adminPasswordFile;

    void addTo(Inputs inputs) {
        inputs.flag("--postgres-url", Setting.POSTGRES_URL, postgresUrl);
        inputs.flag("--admin-user", Setting.POSTGRES_ADMIN_USER, adminUser);
        inputs.fileFlag("--admin-password-file", Setting.POSTGRES_ADMIN_PASSWORD, adminPasswordFile);
    }
}
