package io.bucketbrigade.idempotency;

import java.time.Clock;
import java.time.Duration;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.config.InstanceIdentity;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Idempotent repositories that belong to no hop (job locks); the hops declare their own beside them
 * ({@code ingest/IngestIdempotencyConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    /**
     * Locks of running jobs (a job already running elsewhere is refused at once, not waited for; a running job
     * renews its lease, so the lease is short and the lock of a dead instance is free within one) and claims of
     * scheduled ticks (one run per tick, remembered for a day).
     */
    @Bean
    DynamoDbIdempotentRepository jobLocks(DynamoDbClient dynamoDb, BrigadeProperties names,
            InstanceIdentity instance, @Value("${brigade.jobs.lease:1m}") Duration lease) {
        return new DynamoDbIdempotentRepository(dynamoDb, names.tables().get("idempotency").name(), instance.id(),
                lease, Duration.ofDays(1), Duration.ZERO, Clock.systemUTC());
    }
}
