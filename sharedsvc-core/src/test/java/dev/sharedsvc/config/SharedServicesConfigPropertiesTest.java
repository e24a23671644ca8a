package dev.sharedsvc.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import dev.sharedsvc.postgres.Secret;
import dev.sharedsvc.redis.RedisCheckReport.Severity;
import dev.sharedsvc.redis.RedisLayout;
import dev.sharedsvc.redis.RedisServerCheck.Fallback;

class SharedServicesConfigPropertiesTest {

    private static final RedisLayout LAYOUT = RedisLayout.parse(
            "prod.broker=0, prod.cache=1, staging.broker=2, staging.cache=3, dev.broker=4, dev.cache=5, dev.jobs=6");

    /** A valid configuration and the secrets that its environment and property forms leave out. */
    record Generated(SharedServicesConfig config, Map<String, String> secretVariables,
                     Map<String, String> secretProperties) {
    }

    @Property(tries = 300)
    void anyValidConfigurationReadsBackFromItsEnvironmentForm(@ForAll("configurations") Generated generated) {
        Map<String, String> env = new HashMap<>(generated.config().toEnvironment());
        env.putAll(generated.secretVariables());

        assertThat(SharedServicesConfig.from(env::get, name -> null)).isEqualTo(generated.config());
    }

    @Property(tries = 300)
    void anyValidConfigurationReadsBackFromItsPropertyForm(@ForAll("configurations") Generated generated) {
        Map<String, String> properties = new HashMap<>(generated.config().toProperties());
        properties.putAll(generated.secretProperties());
        Map<String, String> env = new HashMap<>();
        generated.config().otherDatabases().forEach(other -> other.password().ifPresent(password ->
                env.put(SharedServicesConfig.passwordVariable(other.database()), password.reveal())));

        assertThat(SharedServicesConfig.from(env::get, properties::get)).isEqualTo(generated.config());
    }

    @Property(tries = 300)
    void noSecretAppearsInTheTextsOfAConfiguration(@ForAll("configurations") Generated generated) {
        SharedServicesConfig config = generated.config();
        String texts = config + "\n" + config.toEnvironment() + "\n" + config.toProperties() + "\n"
                + config.serviceDatabase();

        generated.secretVariables().values().stream().filter(secret -> secret.length() >= 8)
                .forEach(secret -> assertThat(texts).doesNotContain(secret));
    }

    @Example
    void digitsOfOtherScriptsAreNotNumbers() {
        Map<String, String> env = new HashMap<>(minimal());
        env.put(Setting.POSTGRES_CONNECTION_LIMIT.environmentVariable(), "\u0660");

        assertThatThrownBy(() -> SharedServicesConfig.from(env::get, name -> null))
                .isInstanceOfSatisfying(ConfigurationException.class,
                        error -> assertThat(error.setting()).isEqualTo(Setting.POSTGRES_CONNECTION_LIMIT));
    }

    @Property(tries = 300)
    void aValueThatIsNoWholeNumberIsNamedWithItsSetting(@ForAll("notNumbers") String text,
                                                        @ForAll("integerSettings") Setting setting) {
        Map<String, String> env = new HashMap<>(minimal());
        env.put(setting.environmentVariable(), text);

        ConfigurationException error = catchThrowableOfType(ConfigurationException.class,
                () -> SharedServicesConfig.from(env::get, name -> null));

        assertThat(error.setting()).isEqualTo(setting);
        assertThat(error).hasMessageStartingWith(setting.property() + " (" + setting.environmentVariable() + "): ")
                .hasMessageContaining("'" + text.strip() + "'");
    }

    @Property(tries = 300)
    void anyDurationReadsBackFromItsText(@ForAll("durations") Duration duration) {
        assertThat(Values.duration(Setting.WAIT_TIMEOUT, Values.format(duration))).isEqualTo(duration);
    }

    private static Map<String, String> minimal() {
        return Map.of("SHAREDSVC_SERVICE", "backend", "SHAREDSVC_POSTGRES_URL", "jdbc:postgresql://db/postgres",
                "SHAREDSVC_POSTGRES_PASSWORD", "backend-Secret-1");
    }

    @Provide
    Arbitrary<Setting> integerSettings() {
        return Arbitraries.of(Setting.POSTGRES_POOL_SIZE, Setting.POSTGRES_CONNECTION_LIMIT, Setting.WAIT_STABLE_COUNT);
    }

    @Provide
    Arbitrary<String> notNumbers() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(12).filter(text -> !text.isBlank())
                .filter(text -> !text.strip().matches("-?\\d+") || text.strip().length() > 10
                        || Long.parseLong(text.strip()) < -1);
    }

    @Provide
    Arbitrary<Duration> durations() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(1, 100_000).map(Duration::ofSeconds),
                Arbitraries.longs().between(1, 100_000_000).map(Duration::ofMillis),
                Arbitraries.longs().between(1, Long.MAX_VALUE / 4).map(Duration::ofNanos));
    }

    /** Names as PostgreSQL takes them, quoted: any text without commas, NUL, or blanks around it, up to 63 bytes. */
    private static Arbitrary<String> names() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20),
                Arbitraries.strings().withChars("abcXYZ_-; \"'$\\äß日").ofMinLength(1).ofMaxLength(15))
                .filter(name -> !name.isBlank() && name.strip().equals(name) && !name.startsWith("pg_")
                        && !name.equals("public") && !name.equals("none"));
    }

    private static Arbitrary<String> secrets() {
        return Arbitraries.strings().ofMinLength(8).ofMaxLength(30).excludeChars('\0').filter(text -> !text.isBlank());
    }

    private static <T> Arbitrary<List<T>> distinct(Arbitrary<T> elements, int max) {
        return elements.list().ofMaxSize(max).uniqueElements();
    }

    @Provide
    Arbitrary<Generated> configurations() {
        return Builders.withBuilder(Draft::new)
                .use(names()).in((draft, name) -> draft.set(builder -> builder.service(name)))
                .use(names().optional(0.3)).in((draft, name) -> draft.set(builder -> name.ifPresent(builder::database)))
                .use(names().optional(0.3)).in((draft, name) -> draft.set(builder -> name.ifPresent(builder::role)))
                .use(secrets()).in(Draft::password)
                .use(secrets().optional(0.5)).in(Draft::adminPassword)
                .use(Arbitraries.of(Mode.values())).in(Draft::mode)
                .use(Arbitraries.integers().between(0, 50)).in(Draft::poolSize)
                .use(Arbitraries.integers().between(-1, 500).optional(0.5)).in(Draft::connectionLimit)
                .use(distinct(names(), 3)).in((draft, names) -> draft.set(builder -> builder.extensions(names)))
                .use(distinct(names(), 3)).in((draft, names) -> draft.set(builder -> builder.schemas(names)))
                .use(distinct(Arbitraries.of("classpath:db/migration", "filesystem:/sql", "classpath:x"), 3))
                .in((draft, locations) -> draft.set(builder -> builder.migrations(locations)))
                .use(distinct(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8), 3))
                .in(Draft::otherDatabases)
                .use(secrets().list().ofSize(3)).in(Draft::otherPasswords)
                .use(Arbitraries.of(LAYOUT.environments()).optional(0.5)).in(Draft::redisEnvironment)
                .use(secrets()).in(Draft::redisPassword)
                .use(Arbitraries.of(Severity.ERROR, Severity.WARNING))
                .in((draft, risk) -> draft.set(builder -> builder.redisEvictionRisk(risk)))
                .use(Arbitraries.of(Fallback.values()))
                .in((draft, fallback) -> draft.set(builder -> builder.redisWithoutDatabases(fallback)))
                .use(durations()).in((draft, timeout) -> draft.set(builder -> builder.waitTimeout(timeout)))
                .use(Arbitraries.integers().between(1, 5))
                .in((draft, count) -> draft.set(builder -> builder.waitStableCount(count)))
                .use(Arbitraries.longs().between(0, 5_000).map(Duration::ofMillis))
                .in((draft, spacing) -> draft.set(builder -> builder.waitStableSpacing(spacing)))
                .build(Draft::generate)
                .filter(Optional::isPresent).map(Optional::get);
    }

    /** The choices of one generated configuration, turned into it (and its secrets) by {@link #generate()}. */
    static final class Draft {

        private final SharedServicesConfig.Builder builder = SharedServicesConfig.builder()
                .postgresUrl("jdbc:postgresql://db.internal:5433/postgres?sslmode=require");
        private final Map<String, String> variables = new HashMap<>();
        private final Map<String, String> properties = new HashMap<>();
        private boolean adminPassword;
        private Mode mode;
        private int poolSize;
        private List<String> otherDatabases = List.of();
        private List<String> otherPasswords = List.of();
        private Optional<String> redisEnvironment = Optional.empty();
        private String redisPassword;

        Draft set(Consumer<SharedServicesConfig.Builder> setting) {
            setting.accept(builder);
            return this;
        }

        private void secret(Setting setting, String value) {
            variables.put(setting.environmentVariable(), value);
            properties.put(setting.property(), value);
        }

        Draft password(String password) {
            builder.password(Secret.of(password));
            secret(Setting.POSTGRES_PASSWORD, password);
            return this;
        }

        Draft adminPassword(Optional<String> password) {
            adminPassword = password.isPresent();
            password.ifPresent(value -> {
                builder.adminPassword(Secret.of(value));
                secret(Setting.POSTGRES_ADMIN_PASSWORD, value);
            });
            return this;
        }

        Draft mode(Mode chosen) {
            builder.mode(chosen);
            mode = chosen;
            return this;
        }

        Draft poolSize(int size) {
            builder.poolSize(size);
            poolSize = size;
            return this;
        }

        Draft connectionLimit(Optional<Integer> limit) {
            limit.filter(value -> value < 0 || value >= poolSize).ifPresent(builder::connectionLimit);
            return this;
        }

        Draft otherDatabases(List<String> names) {
            otherDatabases = names;
            return this;
        }

        Draft otherPasswords(List<String> passwords) {
            otherPasswords = passwords;
            return this;
        }

        Draft redisEnvironment(Optional<String> environment) {
            redisEnvironment = environment;
            return this;
        }

        Draft redisPassword(String password) {
            redisPassword = password;
            return this;
        }

        /** Empty when the choices contradict each other (ensure without an administrator password). */
        Optional<Generated> generate() {
            if (!adminPassword && mode == Mode.ENSURE) {
                return Optional.empty();
            }
            for (int i = 0; i < otherDatabases.size(); i++) {
                String name = otherDatabases.get(i);
                boolean withPassword = i != 1;
                builder.otherDatabase(name, withPassword ? Optional.of(Secret.of(otherPasswords.get(i))) : Optional.empty());
                if (withPassword) {
                    variables.put(SharedServicesConfig.passwordVariable(name), otherPasswords.get(i));
                }
            }
            redisEnvironment.ifPresent(environment -> {
                String url = "redis://:" + URLEncoder.encode(redisPassword, StandardCharsets.UTF_8)
                        + "@cache.internal:6379/2";
                builder.environment(environment).redisLayout(LAYOUT).redisUrl(url)
                        .redisPurposes(environment.equals("dev") ? List.of("jobs", "cache") : List.of("broker"));
                secret(Setting.REDIS_URL, url);
            });
            return Optional.of(new Generated(builder.build(), variables, properties));
        }
    }
}
