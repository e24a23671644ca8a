package dev.sharedsvc.test.spring;

import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.support.AbstractTestExecutionListener;

import dev.sharedsvc.test.IsolatedTenants;

/**
 * Gives the context a fresh tenant before each test method (or test class) of an {@link AutoConfigureTenants} class
 * and gives it back afterwards (to be reset or dropped). Ordered before Spring's transactional listener, so a
 * test-managed ({@link Transactional}) transaction begins on the new tenant and is rolled back before the tenant is
 * given back. Registered in
 * {@code META-INF/spring.factories}.
 */
final class TenantTestExecutionListener extends AbstractTestExecutionListener {

    /** Before {@code TransactionalTestExecutionListener} (4000) and {@code SqlScriptsTestExecutionListener} (5000). */
    static final int ORDER = 3_900;
    private static final String TURN = TenantTestExecutionListener.class.getName() + ".turn";

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public void beforeTestClass(TestContext context) {
        if (scope(context) == IsolatedTenants.Scope.CLASS) {
            dataSource(context).begin(outermost(context.getTestClass()));
        }
    }

    @Override
    public void beforeTestMethod(TestContext context) {
        if (scope(context) == IsolatedTenants.Scope.METHOD) {
            // An owner of its own per run: a repeated test or an inherited method is the same Method each time.
            Object turn = new Object();
            context.setAttribute(TURN, turn);
            dataSource(context).begin(turn);
        }
    }

    @Override
    public void afterTestMethod(TestContext context) {
        Object turn = context.removeAttribute(TURN);
        if (turn != null && context.hasApplicationContext()) {
            dataSource(context).end(turn);
        }
    }

    @Override
    public void afterTestClass(TestContext context) {
        if (scope(context) == IsolatedTenants.Scope.CLASS && context.hasApplicationContext()) {
            dataSource(context).end(outermost(context.getTestClass()));
        }
    }

    private static IsolatedTenants.Scope scope(TestContext context) {
        AutoConfigureTenants annotation = TestContextAnnotationUtils.findMergedAnnotation(context.getTestClass(),
                AutoConfigureTenants.class);
        return annotation == null ? null : annotation.scope();
    }

    private static TenantDataSource dataSource(TestContext context) {
        return context.getApplicationContext().getBean(TenantContextCustomizer.DATA_SOURCE, TenantDataSource.class);
    }

    /** The top-level class of a {@code @Nested} class: nested classes share its per-class tenant. */
    private static Class<?> outermost(Class<?> testClass) {
        Class<?> type = testClass;
        while (type.getEnclosingClass() != null) {
            type = type.getEnclosingClass();
        }
        return type;
    }
}
