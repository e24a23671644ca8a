package dev.sharedsvc.spring.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.sharedsvc.embedded.DevServers;

/**
 * The starter's shared development servers: an application with no server configured gets them, a restart (as
 * DevTools does) joins them, and nothing starts without the development signal or with a URL.
 */
class DevServicesEnvironmentPostProcessorTest {

    @TempDir
    Path home;

    private final int postgresPort = freePort();
    private final int redisPort = freePort();

    @AfterEach
    void stopServers() {
        servers().stop();
    }

    private DevServers servers() {
        return DevServers.builder().directory(home.resolve("dev")).postgresPort(postgresPort).redisPort(redisPort)
                .build();
    }

    private Map<String, Object> properties(String service) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("sharedsvc.service", service);
        properties.put("sharedsvc.environment", "dev");
        properties.put("sharedsvc.redis.layout", "dev.cache=3");
        properties.put("sharedsvc.redis.purposes", "cache");
        properties.put("sharedsvc.postgres.migrations", "classpath:db/greetings");
        properties.put("sharedsvc.dev-services.enabled", "true");
        properties.put("sharedsvc.dev-services.directory", home.resolve("dev").toString());
        properties.put("sharedsvc.dev-services.postgres-port", Integer.toString(postgresPort));
        properties.put("sharedsvc.dev-services.redis-port", Integer.toString(redisPort));
        properties.put("sharedsvc.dev-services.idle-timeout", "0s");
        return properties;
    }

    private ConfigurableApplicationContext run(Map<String, Object> properties) {
        return new SpringApplicationBuilder(Application.class).properties(properties).run();
    }

    @Test
    void anApplicationWithoutAServerGetsTheSharedServersAndARestartJoinsThemWithItsDataKept() throws IOException {
        long postmaster;
        try (ConfigurableApplicationContext first = run(properties("dev_orders"))) {
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT current_user || '@' || current_database() || ':' || inet_server_port()")
                    .query(String.class).single()).isEqualTo("dev_orders@dev_orders:" + postgresPort);
            jdbc.sql("INSERT INTO greeting (text) VALUES ('kept')").update();
            first.getBean(StringRedisTemplate.class).opsForValue().set("dev:greeting", "cached");
            postmaster = postmasterPid();
            assertThat(servers().status().orElseThrow().postgres().password())
                    .as("the administrator's password is given as a file, not as a value")
                    .isNotIn(first.getEnvironment().getPropertySources().get(DevServicesEnvironmentPostProcessor.SOURCE)
                            .getSource().toString());
        }
        try (ConfigurableApplicationContext restarted = run(properties("dev_orders"))) {
            assertThat(restarted.getBean(JdbcClient.class).sql("SELECT text FROM greeting").query(String.class).list())
                    .containsExactly("kept");
            assertThat(restarted.getBean(StringRedisTemplate.class).opsForValue().get("dev:greeting"))
                    .isEqualTo("cached");
            assertThat(postmasterPid()).isEqualTo(postmaster);
        }
    }

    @Test
    void twoServicesGetTheirOwnDatabasesOnTheSameServer() {
        try (ConfigurableApplicationContext orders = run(properties("dev_orders"));
             ConfigurableApplicationContext billing = run(properties("dev_billing"))) {
            assertThat(billing.getBean(JdbcClient.class).sql("SELECT current_database()").query(String.class).single())
                    .isEqualTo("dev_billing");
            assertThat(orders.getBean(JdbcClient.class)
                    .sql("SELECT count(*) FROM pg_database WHERE datname IN ('dev_orders', 'dev_billing')")
                    .query(Integer.class).single()).isEqualTo(2);
        }
    }

    @Test
    void nothingStartsWithoutTheDevelopmentSignalWhenDisabledOrWithAUrl() {
        Map<String, Object> notEnabled = properties("dev_orders");
        notEnabled.remove("sharedsvc.dev-services.enabled");
        Map<String, Object> disabled = properties("dev_orders");
        disabled.put("sharedsvc.dev-services.enabled", "false");
        Map<String, Object> withUrl = properties("dev_orders");
        withUrl.put("sharedsvc.postgres.url", "jdbc:postgresql://127.0.0.1:1/postgres");
        Map<String, Object> notUsingSharedsvc = new LinkedHashMap<>(properties("x"));
        notUsingSharedsvc.keySet().removeIf(key -> !key.startsWith("sharedsvc.dev-services."));
        notUsingSharedsvc.remove("sharedsvc.dev-services.enabled");

        for (Map<String, Object> properties : java.util.List.of(notEnabled, disabled, withUrl, notUsingSharedsvc)) {
            StandardEnvironment environment = new StandardEnvironment();
            environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
            new DevServicesEnvironmentPostProcessor().postProcessEnvironment(environment,
                    new SpringApplication(Application.class));
            assertThat(environment.getPropertySources().contains(DevServicesEnvironmentPostProcessor.SOURCE))
                    .as(properties.toString()).isFalse();
        }
        assertThat(home.resolve("dev")).doesNotExist();
        assertThat(DevServicesEnvironmentPostProcessor.developmentRun(getClass().getClassLoader()))
                .as("no DevTools on this class path").isFalse();
    }

    @Test
    void aPortTakenByAnotherProgramStopsTheStartNamingTheSetting() throws IOException {
        try (ServerSocket other = new ServerSocket(postgresPort, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> run(properties("dev_orders")))
                    .hasStackTraceContaining("port " + postgresPort)
                    .hasStackTraceContaining("sharedsvc.dev-services.postgres-port");
        }
    }

    private long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(home.resolve("dev/postgres/postmaster.pid")).get(0).trim());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }
}
