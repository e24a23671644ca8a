package dev.sharedsvc.test.spring;

import java.time.Duration;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;

import dev.sharedsvc.test.internal.SharedPools;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.RedisURI;

/** Spring Boot's Redis connection on the test Redis, in the database claimed for the context. */
final class TenantRedisConnectionDetails implements DataRedisConnectionDetails {

    private static final Duration CREDENTIALS_TIMEOUT = Duration.ofSeconds(10);

    private final RedisURI uri;
    private final RedisCredentials credentials;

    private TenantRedisConnectionDetails(RedisURI uri) {
        this.uri = uri;
        // The test Redis's URI is read from text: its credentials come at once, though through a reactive API.
        RedisCredentialsProvider provider = uri.getCredentialsProvider();
        this.credentials = provider == null ? null : provider.resolveCredentials().block(CREDENTIALS_TIMEOUT);
    }

    /** The bean: its database is claimed when it is made, from the context's {@link TenantDataSource}. */
    static RootBeanDefinition definition(BeanFactory beans) {
        RootBeanDefinition definition = new RootBeanDefinition(DataRedisConnectionDetails.class, () -> of(beans));
        definition.setPrimary(true);
        return definition;
    }

    private static TenantRedisConnectionDetails of(BeanFactory beans) {
        TenantDataSource dataSource = beans.getBean(TenantContextCustomizer.DATA_SOURCE, TenantDataSource.class);
        return new TenantRedisConnectionDetails(SharedPools.redis().uri(dataSource.redis()));
    }

    @Override
    public String getUsername() {
        return credentials != null && credentials.hasUsername() ? credentials.getUsername() : null;
    }

    @Override
    public String getPassword() {
        return credentials != null && credentials.hasPassword() ? new String(credentials.getPassword()) : null;
    }

    @Override
    public Standalone getStandalone() {
        return Standalone.of(uri.getHost(), uri.getPort(), uri.getDatabase());
    }

    @Override
    public String toString() {
        return "TenantRedisConnectionDetails[" + uri.getHost() + ":" + uri.getPort() + "/" + uri.getDatabase() + "]";
    }
}
