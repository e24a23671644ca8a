package dev.sharedsvc.spring.dev;

import java.util.Map;

import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SettingSource;
import dev.sharedsvc.embedded.DevServers;
import dev.sharedsvc.internal.DevServices;

/** The part that touches sharedsvc-embedded, loaded only when it is on the class path. */
final class SharedDevServers {

    private SharedDevServers() {
    }

    /** Starts or joins the servers the settings describe and returns what the service gets from them. */
    static Map<Setting, String> startOrJoin(SettingSource settings) {
        DevServices dev = DevServices.from(settings);
        DevServers.Builder builder = DevServers.builder();
        dev.postgresPort().ifPresent(builder::postgresPort);
        dev.redisPort().ifPresent(builder::redisPort);
        dev.directory().ifPresent(builder::directory);
        dev.idleTimeout().ifPresent(builder::idleTimeout);
        dev.postgresVersion().ifPresent(builder::postgresVersion);
        DevServers.Status status = builder.build().startOrJoin();
        return DevServices.serviceSettings(settings, status.postgres().jdbcUrl(), status.postgres().user(),
                status.postgresPasswordFile(), status.redisUrlFile(), status::servicePasswordFile);
    }
}
