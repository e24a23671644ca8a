package dev.sharedsvc.spring.dev;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

import dev.sharedsvc.config.Setting;
import dev.sharedsvc.config.SettingSource;
import dev.sharedsvc.internal.DevServices;

/**
 * Starts or joins the machine's shared development PostgreSQL and Redis and points the application at them, before
 * the auto-configuration reads {@code sharedsvc.*}: when the application configures sharedsvc, sets no
 * {@code sharedsvc.postgres.url}, and either runs for development (Spring Boot DevTools on the class path, not a
 * packaged jar) or sets {@code sharedsvc.dev-services.enabled=true}. {@code false} turns it off.
 *
 * <p>It adds a property source {@value #SOURCE} in front of the others with the server, its administrator (the
 * password as a file), the Redis URL (as a file) unless one is set, and the service role's password file unless
 * the application gives a password. A DevTools restart runs it again and joins the running servers. The servers
 * come from {@code dev.sharedsvc:sharedsvc-embedded}, which the application adds for development only.
 */
public final class DevServicesEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    /** The name of the property source this adds. */
    public static final String SOURCE = "sharedsvc-dev-services";

    static final String DEVTOOLS = "org.springframework.boot.devtools.restart.Restarter";
    static final String DEV_SERVERS = "dev.sharedsvc.embedded.DevServers";

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 10;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE)) {
            return;
        }
        Binder binder = Binder.get(environment);
        SettingSource settings = SettingSource.from(environment::getProperty,
                name -> binder.bind(name, Bindable.of(String.class)).orElse(null));
        if (!configuresSharedsvc(binder)) {
            return;
        }
        ClassLoader classLoader = application.getClassLoader();
        if (!DevServices.wanted(settings, developmentRun(classLoader))) {
            return;
        }
        if (!ClassUtils.isPresent(DEV_SERVERS, classLoader)) {
            throw new IllegalStateException("sharedsvc: no " + Setting.POSTGRES_URL.names() + " is set and the"
                    + " shared development servers should start, but dev.sharedsvc:sharedsvc-embedded is not on the"
                    + " class path. Add it for development (scope runtime, optional), set the URL, or set "
                    + Setting.DEV_SERVICES_ENABLED.property() + "=false");
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        SharedDevServers.startOrJoin(settings).forEach((setting, value) ->
                properties.put(DevServices.property(setting), value));
        environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, properties));
    }

    /** Whether any sharedsvc key other than the dev-services ones is set: the application uses sharedsvc. */
    private static boolean configuresSharedsvc(Binder binder) {
        for (Setting setting : Setting.values()) {
            if (setting.property().startsWith("sharedsvc.dev-services.")) {
                continue;
            }
            if (binder.bind(setting.property(), Bindable.of(String.class)).isBound()
                    || setting.fileProperty().map(file -> binder.bind(file, Bindable.of(String.class)).isBound())
                    .orElse(false)) {
                return true;
            }
        }
        return false;
    }

    /** DevTools on the class path, and not a packaged jar (whose launcher loads the application). */
    static boolean developmentRun(ClassLoader classLoader) {
        ClassLoader loader = classLoader != null ? classLoader : ClassUtils.getDefaultClassLoader();
        boolean packaged = loader != null && loader.getClass().getName().startsWith("org.springframework.boot.loader");
        return !packaged && ClassUtils.isPresent(DEVTOOLS, loader);
    }
}
