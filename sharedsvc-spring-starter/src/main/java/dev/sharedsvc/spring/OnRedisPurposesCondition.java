package dev.sharedsvc.spring;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code sharedsvc.redis.purposes} names at least one purpose (as a list or comma-separated). */
final class OnRedisPurposesCondition extends SpringBootCondition {

    static final String PURPOSES = "sharedsvc.redis.purposes";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ConditionMessage.Builder message = ConditionMessage.forCondition("sharedsvc Redis purposes");
        String purposes = new SpringSettings(context.getEnvironment()).property(PURPOSES);
        if (purposes == null || purposes.isBlank()) {
            return ConditionOutcome.noMatch(message.because(PURPOSES + " is not set"));
        }
        return ConditionOutcome.match(message.because(PURPOSES + " is " + purposes));
    }
}
