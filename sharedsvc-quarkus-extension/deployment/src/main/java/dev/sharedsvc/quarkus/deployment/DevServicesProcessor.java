package dev.sharedsvc.quarkus.deployment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SettingSource;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.embedded.DevServers;
import dev.sharedsvc.internal.DevServices;
import dev.sharedsvc.postgres.ServiceDatabase;
import io.quarkus.deployment.IsDevServicesSupportedByLaunchMode;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.DevServicesResultBuildItem;
import io.quarkus.deployment.dev.devservices.DevServicesConfig;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;

/**
 * sharedsvc's Dev Service: in dev and test mode, with no {@code sharedsvc.postgres.url}, it starts or joins the
 * machine's shared development PostgreSQL and Redis and supplies {@code quarkus.sharedsvc.*} for them, which the
 * run-time hook then provisions as in production (the service's database, role and Redis databases). The servers
 * outlive the application, so a live reload or a second application finds them running. Quarkus's global
 * {@code quarkus.devservices.enabled=false} and {@code sharedsvc.dev-services.enabled=false} turn it off.
 */
class DevServicesProcessor {

    private static final Logger LOG = Logger.getLogger(DevServicesProcessor.class);
    static final String NAME = "sharedsvc";

    @BuildStep(onlyIf = IsDevServicesSupportedByLaunchMode.class)
    void startOrJoinTheSharedDevelopmentServers(DevServicesConfig devServices,
                                                BuildProducer<DevServicesResultBuildItem> results,
                                                BuildProducer<CardPageBuildItem> cards) {
        if (!devServices.enabled()) {
            return;
        }
        Config config = ConfigProvider.getConfig();
        SettingSource settings = SettingSource.from(name -> value(config, name), name -> property(config, name));
        if (!DevServices.wanted(settings, true)) {
            return;
        }
        DevServices dev = DevServices.from(settings);
        DevServers.Builder builder = DevServers.builder();
        dev.postgresPort().ifPresent(builder::postgresPort);
        dev.redisPort().ifPresent(builder::redisPort);
        dev.directory().ifPresent(builder::directory);
        dev.idleTimeout().ifPresent(builder::idleTimeout);
        dev.postgresVersion().ifPresent(builder::postgresVersion);
        DevServers.Status status = builder.build().startOrJoin();
        Map<Setting, String> supplied = DevServices.serviceSettings(settings, status.postgres().jdbcUrl(),
                status.postgres().user(), status.postgresPasswordFile(), status.redisUrlFile(),
                status::servicePasswordFile);
        Map<String, String> properties = new LinkedHashMap<>();
        supplied.forEach((setting, value) -> properties.put("quarkus." + DevServices.property(setting), value));
        LOG.infof("Dev Services for sharedsvc: %s", status);
        results.produce(DevServicesResultBuildItem.discovered()
                .name(NAME)
                .description("shared development PostgreSQL " + status.postgresVersion() + " on 127.0.0.1:"
                        + status.postgres().port() + " and Redis on 127.0.0.1:" + status.redis().port()
                        + " (data in " + status.directory() + ")")
                .config(properties)
                .build());
        cards.produce(card(status, config, supplied));
    }

    /** The Dev UI card: where the servers are, and the service's database, role and Redis databases. */
    private static CardPageBuildItem card(DevServers.Status status, Config config, Map<Setting, String> supplied) {
        List<Map<String, String>> rows = new ArrayList<>();
        row(rows, "PostgreSQL", status.postgres().jdbcUrl() + " (PostgreSQL " + status.postgresVersion() + ")");
        row(rows, "Administrator", status.postgres().user() + ", password in " + status.postgresPasswordFile());
        row(rows, "Redis", status.redisAddress() + ", password in " + status.redisPasswordFile());
        row(rows, "Data and logs", status.directory() + " (stop: sharedsvc-cli dev down)");
        try {
            SharedServicesConfig service = SharedServicesConfig.from(name -> value(config, name), name -> {
                for (Map.Entry<Setting, String> entry : supplied.entrySet()) {
                    if (DevServices.property(entry.getKey()).equals(name)) {
                        return entry.getValue();
                    }
                }
                return property(config, name);
            });
            ServiceDatabase database = service.serviceDatabase();
            row(rows, "Service database", database.database());
            row(rows, "Service role", database.owner());
            service.redis().ifPresent(redis -> redis.targets()
                    .forEach(target -> row(rows, "Redis " + target, status.redisAddress())));
        } catch (RuntimeException e) {
            row(rows, "Service", "not configured yet: " + e.getMessage());
        }
        row(rows, "Bootstrap report", "logged at start (INFO dev.sharedsvc) and at /q/health/ready");
        CardPageBuildItem card = new CardPageBuildItem();
        card.addBuildTimeData("servers", rows);
        card.addPage(Page.tableDataPageBuilder("Development servers")
                .icon("font-awesome-solid:database")
                .buildTimeDataKey("servers")
                .showColumn("what")
                .showColumn("value"));
        return card;
    }

    private static void row(List<Map<String, String>> rows, String what, String value) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("what", what);
        row.put("value", value);
        rows.add(row);
    }

    /** {@code quarkus.sharedsvc.x} when set, else {@code sharedsvc.x}, as the run-time hook reads them. */
    private static String property(Config config, String name) {
        String value = value(config, "quarkus." + name);
        return value != null ? value : value(config, name);
    }

    private static String value(Config config, String name) {
        return config.getOptionalValue(name, String.class).orElse(null);
    }
}
