package dev.sharedsvc.cli;

import dev.sharedsvc.config.Setting;
import picocli.CommandLine.Option;

/** A service, read as the service reads its configuration, and the file that holds its role's password. */
final class ServiceRoleOptions {

    @Option(names = "--service", paramLabel = "NAME",
            description = "A service, read as the service reads its configuration (SHAREDSVC_*)."
                    + " Default: SHAREDSVC_SERVICE.")
    String service;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "A file holding the service role's password. Default: SHAREDSVC_POSTGRES_PASSWORD(_FILE).")
    String passwordFile;

    /** Whether either flag was given. */
    boolean given() {
        return service != null || passwordFile != null;
    }

    void addTo(Inputs inputs) {
        inputs.flag("--service", Setting.SERVICE, service);
        inputs.fileFlag("--password-file", Setting.POSTGRES_PASSWORD, passwordFile);
    }
}
