package io.bucketbrigade.cluster;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.config.InstanceIdentity;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The cluster service that {@code master:} routes (job schedules, the bucket watcher) run under: leader election on
 * DynamoDB ({@code brigade.cluster.enabled}, the default), or a single instance that leads everything
 * ({@code brigade.cluster.enabled=false}).
 */
@Configuration(proxyBeanMethods = false)
class ClusterConfiguration {

    /**
     * The cluster service {@code master:} routes use (Camel finds it in the registry).
     *
     * @param lease how long a leader's lock lasts without a heartbeat: the time another instance waits after the
     *              leader dies
     */
    @Bean(destroyMethod = "")
    @ConditionalOnProperty(name = "brigade.cluster.enabled", havingValue = "true", matchIfMissing = true)
    DynamoDbClusterService clusterService(DynamoDbClient dynamoDb, BrigadeProperties names, InstanceIdentity instance,
            @Value("${brigade.cluster.lease:10s}") java.time.Duration lease) {
        return new DynamoDbClusterService(dynamoDb, names.tables().get("locks").name(), instance.id(),
                lease.toMillis());
    }

    /** One instance without a cluster: the schedules and the watcher run on it. */
    @Bean(destroyMethod = "")
    @ConditionalOnProperty(name = "brigade.cluster.enabled", havingValue = "false")
    StandaloneClusterService standaloneClusterService(InstanceIdentity instance) {
        return new StandaloneClusterService(instance.id());
    }

    /** Camel starts and stops the cluster service with the context. */
    @Bean
    CamelContextConfiguration clusterServiceInContext(CamelClusterService clusterService) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                try {
                    camelContext.addService(clusterService, true, true);
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot add the cluster service", e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // the master routes elect their leaders by themselves
            }
        };
    }
}
