package dev.sharedsvc.quarkus;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sharedsvc.SharedServicesException;
import dev.sharedsvc.bootstrap.Remedy;
import dev.sharedsvc.bootstrap.FrameworkOwns;
import dev.sharedsvc.bootstrap.SharedServices;
import dev.sharedsvc.config.ConfigurationException;
import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SharedServicesConfig;
import dev.sharedsvc.redis.ServiceRedis;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * The start-up hook: a configuration source that Quarkus creates while it builds its run-time configuration, which
 * it does first thing at start-up, before any run-time init step: before Agroal creates the datasource, Flyway
 * migrates and the Redis client connects, all of which read that configuration. Creating it
 *
 * <ol>
 *   <li>reads the sharedsvc settings from the other sources ({@link QuarkusSettings}) into a
 *       {@link SharedServicesConfig};</li>
 *   <li>runs {@link SharedServices#prepare(SharedServicesConfig, Set)}: waits until PostgreSQL and Redis serve,
 *       ensures (or verifies) the service's database and role, checks the pool against the connection budget and
 *       the Redis layout against the server. What Quarkus opens itself, sharedsvc does not: the pool with
 *       quarkus-agroal (sized by {@code sharedsvc.postgres.pool-size} or {@code quarkus.datasource.jdbc.max-size},
 *       one number), the migrations with quarkus-flyway (whose locations, fixed at build time, a
 *       {@code sharedsvc.postgres.migrations} must equal; without it sharedsvc's Flyway runs them), the Redis
 *       connections with quarkus-redis;</li>
 *   <li>supplies the settings that connect Quarkus to the result ({@link QuarkusConnections}): the default datasource
 *       as the service's role (so {@code quarkus-flyway} migrates as that role), its pool size, and one Redis
 *       client per purpose, the first also as the default client.</li>
 * </ol>
 *
 * A failure stops the start with one message: the core's, which names the server or setting, and the core's
 * {@link Remedy}. The prepared
 * {@link SharedServices} waits here for {@link SharedServicesRecorder} to make it a bean.
 */
public final class SharedServicesStartup implements ConfigSourceFactory {

    private static final Logger LOG = LoggerFactory.getLogger(SharedServicesStartup.class);

    /** The name of the source, as Quarkus's configuration tools show it. */
    static final String SOURCE_NAME = "sharedsvc (the service's datasource and Redis clients)";
    /** Above {@code application.properties} (250); the keys it supplies are refused elsewhere anyway. */
    static final int ORDINAL = 275;
    static final String FLYWAY_LOCATIONS = "quarkus.flyway.locations";

    /** Which Quarkus clients the application has, as the deployment step found them at build time. */
    private static volatile boolean supplyDatasource;
    private static volatile boolean supplyRedis;
    /** The locations quarkus-flyway was built with; {@code null} without quarkus-flyway. */
    private static volatile List<String> flywayLocations;
    private static final AtomicReference<SharedServices> PREPARED = new AtomicReference<>();

    /** Called at static init, so before the run-time configuration exists. */
    static void supply(boolean datasource, boolean redis, List<String> builtFlywayLocations) {
        supplyDatasource = datasource;
        supplyRedis = redis;
        flywayLocations = builtFlywayLocations == null ? null : List.copyOf(builtFlywayLocations);
    }

    /** The services prepared at this start, for the bean; empty if the configuration was never built. */
    static Optional<SharedServices> takePrepared() {
        return Optional.ofNullable(PREPARED.getAndSet(null));
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        try {
            return prepare(new QuarkusSettings(context));
        } catch (SharedServicesException e) {
            throw startupFailure(e);
        }
    }

    private List<ConfigSource> prepare(QuarkusSettings settings) {
        Optional<ConfigValue> agroalPoolSize = supplyDatasource
                ? settings.userValue(QuarkusConnections.DATASOURCE_MAX_SIZE) : Optional.empty();
        SharedServicesConfig config = SharedServicesConfig.from(settings::variable, name -> {
            String value = settings.property(name);
            // A pool sized the Quarkus way is the pool whose size the budget must check.
            return value == null && name.equals(Setting.POSTGRES_POOL_SIZE.property())
                    ? agroalPoolSize.map(ConfigValue::getValue).orElse(null) : value;
        }, settings.names());
        Set<FrameworkOwns> owned = EnumSet.noneOf(FrameworkOwns.class);
        Map<String, String> supplied = new LinkedHashMap<>();
        if (supplyDatasource) {
            QuarkusConnections.datasourceKeys().forEach(key -> requireUnset(settings, key, "the default datasource"
                    + " of " + config.service() + " (its database and role)"));
            if (config.pooled()) {
                requireUnset(settings, QuarkusConnections.FLYWAY_URL, "the direct URL of the migrations ("
                        + Setting.POSTGRES_URL.property() + "), as the datasource goes through "
                        + Setting.POSTGRES_POOLED_URL.property());
            }
            config.frameworkPoolSize(QuarkusConnections.DATASOURCE_MAX_SIZE, agroalPoolSize.map(size ->
                    OptionalInt.of(Integer.parseInt(size.getValue().strip()))).orElse(OptionalInt.empty()));
            owned.add(FrameworkOwns.POOL);
        }
        List<String> builtLocations = flywayLocations;
        if (builtLocations != null) {
            // Fixed when the application was built: a run-time sharedsvc.postgres.migrations can only agree.
            config.frameworkMigrations(FLYWAY_LOCATIONS, builtLocations);
            owned.add(FrameworkOwns.MIGRATIONS);
        }
        if (supplyRedis) {
            owned.add(FrameworkOwns.REDIS);
        }
        if (supplyRedis && !purposes(config).isEmpty()) {
            requireUnset(settings, QuarkusConnections.REDIS_HOSTS, "the default Redis client (purpose "
                    + purposes(config).get(0) + ")");
            purposes(config).forEach(purpose -> requireUnset(settings, QuarkusConnections.redisHostsKey(purpose),
                    "the Redis client of purpose " + purpose));
        }

        SharedServices services = SharedServices.prepare(config, owned);
        try {
            if (supplyDatasource) {
                // Agroal logs in as the pool's login (with roles by duty the application login); Flyway as the owner.
                supplied.putAll(QuarkusConnections.datasource(config, services.poolLogin(), agroalPoolSize.isEmpty()));
            }
            if (supplyRedis && !purposes(config).isEmpty()) {
                supplied.put(QuarkusConnections.REDIS_HOSTS,
                        QuarkusConnections.redisHosts(services.redis(purposes(config).get(0)).uri()));
                purposes(config).forEach(purpose -> supplied.put(QuarkusConnections.redisHostsKey(purpose),
                        QuarkusConnections.redisHosts(services.redis(purpose).uri())));
            }
        } catch (RuntimeException e) {
            services.close();
            throw e;
        }
        SharedServices replaced = PREPARED.getAndSet(services);
        if (replaced != null) {
            replaced.close();
        }
        LOG.info("sharedsvc prepared {} before Quarkus starts its clients, and supplies {}", config.service(),
                String.join(", ", supplied.keySet()));
        return List.of(new PropertiesConfigSource(supplied, SOURCE_NAME, ORDINAL));
    }

    /**
     * The one message of a failed start: the core's (what failed, against which server or setting) and what to do.
     * Quarkus prints a start-up failure whose root cause is its {@code ConfigurationException} as that message alone,
     * without a stack trace; the sharedsvc error stays attached, as a suppressed exception, for logs and debuggers.
     */
    static io.quarkus.runtime.configuration.ConfigurationException startupFailure(SharedServicesException error) {
        String message = "sharedsvc could not make the service's PostgreSQL and Redis ready before Quarkus starts its"
                + " datasource and clients:\n" + error.getMessage()
                + "\nWhat to do: " + Remedy.of(error).orElseThrow()
                + " (Every sharedsvc.* setting can also be written quarkus.sharedsvc.*.)";
        Set<String> keys = error instanceof ConfigurationException configuration
                ? Set.of(configuration.setting().property(), QuarkusSettings.QUARKUS_PREFIX + configuration.setting().property())
                : Set.of();
        io.quarkus.runtime.configuration.ConfigurationException failure =
                new io.quarkus.runtime.configuration.ConfigurationException(message, keys);
        failure.addSuppressed(error);
        return failure;
    }

    /** A key that sharedsvc supplies must not come from anywhere else, where it would silently lose or win. */
    private static void requireUnset(QuarkusSettings settings, String key, String what) {
        settings.userValue(key).ifPresent(value -> {
            String source = value.getSourceName();
            String remove = source.toLowerCase(Locale.ROOT).contains("devservices")
                    ? "Switch Dev Services off (quarkus.devservices.enabled=false): sharedsvc supplies the servers."
                    : "Remove " + key + "; quarkus.sharedsvc.* (or sharedsvc.*) names the service and its servers.";
            throw new io.quarkus.runtime.configuration.ConfigurationException(key + " is set (in " + source
                    + "), but sharedsvc supplies " + what + ". " + remove, Set.of(key));
        });
    }

    private static List<String> purposes(SharedServicesConfig config) {
        return config.redis().map(ServiceRedis::purposes).orElse(List.of());
    }
}
