package dev.sharedsvc.quarkus;

import io.quarkus.runtime.configuration.ConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * Adds {@link SharedServicesStartup} to Quarkus's run-time configuration, and to no other: the deployment step
 * registers this builder for run time only, so the build and the static-init configuration never wait for a server.
 */
public final class SharedServicesConfigBuilder implements ConfigBuilder {

    @Override
    public SmallRyeConfigBuilder configBuilder(SmallRyeConfigBuilder builder) {
        return builder.withSources(new SharedServicesStartup());
    }
}
