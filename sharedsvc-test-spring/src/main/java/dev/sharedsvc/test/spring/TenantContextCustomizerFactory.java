package dev.sharedsvc.test.spring;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Finds {@link AutoConfigureTenants} on a test class (or an enclosing class) and adds its settings to the context's
 * cache key, so that classes with the same settings and configuration share one context. Registered in
 * {@code META-INF/spring.factories}.
 */
final class TenantContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        AutoConfigureTenants annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
                AutoConfigureTenants.class);
        return annotation == null ? null : TenantContextCustomizer.of(annotation);
    }
}
