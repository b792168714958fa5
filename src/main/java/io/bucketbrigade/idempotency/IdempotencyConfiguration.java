package io.bucketbrigade.idempotency;

import java.time.Clock;
import java.time.Duration;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.config.InstanceIdentity;
import io.bucketbrigade.ingest.IngestProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

    /** The ingest route's idempotent repository: one entry per object version (bucket, key, ETag, sequencer). */
    @Bean
    DynamoDbIdempotentRepository ingestIdempotency(DynamoDbClient dynamoDb, BrigadeProperties names,
            InstanceIdentity instance, IngestProperties ingest) {
        return new DynamoDbIdempotentRepository(dynamoDb, names.tables().get("idempotency").name(), instance.id(),
                ingest.lease(), ingest.retention(), ingest.busyWait(), Clock.systemUTC());
    }

    /**
     * The enrich route's idempotent repository: one entry per source version taken to processed.
     */
    @Bean
    DynamoDbIdempotentRepository enrichIdempotency(DynamoDbClient dynamoDb, BrigadeProperties names,
            InstanceIdentity instance, IngestProperties ingest) {
        return new DynamoDbIdempotentRepository(dynamoDb, names.tables().get("idempotency").name(), instance.id(),
                ingest.lease(), ingest.retention(), ingest.busyWait(), Clock.systemUTC());
    }

    /**
     * Locks of datasets being checked (claimed, then released, never confirmed): checks of one dataset run one
     * at a time across instances.
     */
    @Bean
    DynamoDbIdempotentRepository datasetLocks(DynamoDbClient dynamoDb, BrigadeProperties names,
            InstanceIdentity instance, IngestProperties ingest) {
        return new DynamoDbIdempotentRepository(dynamoDb, names.tables().get("idempotency").name(), instance.id(),
                ingest.lease(), ingest.lease(), ingest.busyWait(), Clock.systemUTC());
    }

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
