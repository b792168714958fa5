package io.bucketbrigade.cluster;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.config.InstanceIdentity;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "brigade.cluster.enabled", havingValue = "true", matchIfMissing = true)
class ClusterConfiguration {

    /**
     * The cluster service {@code master:} routes use (Camel finds it in the registry).
     *
     * @param lease how long a leader's lock lasts without a heartbeat: the time another instance waits after the
     *              leader dies
     */
    @Bean(destroyMethod = "")
    DynamoDbClusterService clusterService(DynamoDbClient dynamoDb, BrigadeProperties names, InstanceIdentity instance,
            @Value("${brigade.cluster.lease:10s}") java.time.Duration lease) {
        return new DynamoDbClusterService(dynamoDb, names.tables().get("locks").name(), instance.id(),
                lease.toMillis());
    }

    /** Camel starts and stops the cluster service with the context. */
    @Bean
    CamelContextConfiguration clusterServiceInContext(DynamoDbClusterService clusterService) {
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
