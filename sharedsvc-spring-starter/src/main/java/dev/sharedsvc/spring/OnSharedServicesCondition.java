package dev.sharedsvc.spring;

import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import dev.sharedsvc.config.Setting;

/**
 * Matches when the application configures sharedsvc (at least one of its keys is set, as a property or as a
 * {@code SHAREDSVC_*} environment variable) and has not turned it off with {@code sharedsvc.mode=off}. An application
 * that merely has the starter on its class path, or a test that sets only {@code sharedsvc.test.*}, gets nothing.
 */
final class OnSharedServicesCondition extends SpringBootCondition {

    static final String MODE = Setting.MODE.property();

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
        String mode = settings.property(MODE);
        if (mode != null && mode.strip().toLowerCase(Locale.ROOT).equals("off")) {
            return ConditionOutcome.noMatch(message.because(MODE + " is off"));
        }
        return ConditionOutcome.match(message.found("sharedsvc property", "sharedsvc properties").items(set));
    }
}
