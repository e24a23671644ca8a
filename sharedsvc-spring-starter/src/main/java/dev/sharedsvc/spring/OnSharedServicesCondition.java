package dev.sharedsvc.spring;

import java.util.List;
import java.util.Locale;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application configures sharedsvc (at least one of its keys is set, as a property or as a
 * {@code SHAREDSVC_*} environment variable) and has not turned it off with {@code sharedsvc.mode=off}. An application
 * that merely has the starter on its class path, or a test that sets only {@code sharedsvc.test.*}, gets nothing.
 */
final class OnSharedServicesCondition extends SpringBootCondition {

    static final String MODE = "sharedsvc.mode";

    // Every key of the core's configuration; replaced by its key table when the bootstrap lands.
    static final List<String> KEYS = List.of("sharedsvc.service", "sharedsvc.environment", MODE,
            "sharedsvc.postgres.url", "sharedsvc.postgres.admin-user", "sharedsvc.postgres.admin-password",
            "sharedsvc.postgres.database", "sharedsvc.postgres.role", "sharedsvc.postgres.password",
            "sharedsvc.postgres.password-file", "sharedsvc.postgres.admin-password-file",
            "sharedsvc.postgres.connection-limit", "sharedsvc.postgres.extensions", "sharedsvc.postgres.schemas",
            "sharedsvc.postgres.other-databases", "sharedsvc.postgres.pool-size", "sharedsvc.postgres.migrations",
            "sharedsvc.redis.url", "sharedsvc.redis.url-file", "sharedsvc.redis.layout", "sharedsvc.redis.purposes",
            "sharedsvc.redis.eviction-risk", "sharedsvc.redis.without-databases", "sharedsvc.wait.timeout",
            "sharedsvc.wait.stable-count", "sharedsvc.wait.stable-spacing");

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("sharedsvc configuration");
        SpringSettings settings = new SpringSettings(context.getEnvironment());
        List<String> set = KEYS.stream().filter(settings::isSet).toList();
        if (set.isEmpty()) {
            return ConditionOutcome.noMatch(message.didNotFind("sharedsvc property").atAll());
        }
        String mode = settings.property(MODE);
        if (mode != null && mode.strip().toLowerCase(Locale.ROOT).equals("off")) {
            return ConditionOutcome.noMatch(message.because(MODE + " is off"));
        }
        return ConditionOutcome.match(message.found("sharedsvc property", "sharedsvc properties").items(set));
    }
}
