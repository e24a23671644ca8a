package dev.sharedsvc.spring;

import java.util.List;
import java.util.stream.Stream;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.sharedsvc.config.Setting;

/**
 * Matches when the application configures sharedsvc: at least one of its keys is set, as a property or as a
 * {@code SHAREDSVC_*} environment variable. An application that merely has the starter on its class path, or a test
 * that sets only {@code sharedsvc.test.*}, gets nothing. {@code sharedsvc.mode=off} still matches: it means what it
 * means everywhere (nothing provisioned or verified; the servers waited for and the service's connection settings
 * supplied), not "no starter".
 */
final class OnSharedServicesCondition extends SpringBootCondition {

    /** Every key of the core's configuration, with the file forms of the secrets. */
    static final List<String> KEYS = Stream.of(Setting.values())
            .flatMap(setting -> Stream.concat(Stream.of(setting.property()), setting.fileProperty().stream()))
            .toList();

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("sharedsvc configuration");
        SpringSettings settings = new SpringSettings(context.getEnvironment());
        List<String> set = KEYS.stream().filter(settings::isSet).toList();
        if (set.isEmpty()) {
            return ConditionOutcome.noMatch(message.didNotFind("sharedsvc property").atAll());
        }
        return ConditionOutcome.match(message.found("sharedsvc property", "sharedsvc properties").items(set));
    }
}
