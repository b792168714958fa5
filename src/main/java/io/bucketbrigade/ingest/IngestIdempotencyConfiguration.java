package io.bucketbrigade.ingest;

import java.time.Clock;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.config.InstanceIdentity;
import io.bucketbrigade.idempotency.ConfirmedByReceiveRepository;
import io.bucketbrigade.idempotency.DynamoDbIdempotentRepository;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The idempotent repositories of the hops, with the leases of {@code brigade.ingest}: declared here so that
 * {@code idempotency} stays below the hops and knows none of their settings.
 */
@Configuration(proxyBeanMethods = false)
class IngestIdempotencyConfiguration {

    /**
     * The ingest route's idempotent repository: one entry per object version (bucket, key, ETag, sequencer),
     * confirmed by the route's confirm-claims step once the whole receive's records are written.
     */
    @Bean
    ConfirmedByReceiveRepository ingestIdempotency(DynamoDbClient dynamoDb, BrigadeProperties names,
            InstanceIdentity instance, IngestProperties ingest) {
        return new ConfirmedByReceiveRepository(dynamoDb, names.tables().get("idempotency").name(), instance.id(),
                ingest.lease(), ingest.retention(), ingest.busyWait(), Clock.systemUTC());
    }

    /**
     * The enrich route's idempotent repository: one entry per source version taken to processed, confirmed by the
     * route's confirm-claims step once the whole receive's records are written.
     */
    @Bean
    ConfirmedByReceiveRepository enrichIdempotency(DynamoDbClient dynamoDb, BrigadeProperties names,
            InstanceIdentity instance, IngestProperties ingest) {
        return new ConfirmedByReceiveRepository(dynamoDb, names.tables().get("idempotency").name(), instance.id(),
                ingest.lease(), ingest.retention(), ingest.busyWait(), Clock.systemUTC());
    }

    /**
     * The processed-events route's idempotent repository: one entry per version an external pipeline wrote to
     * processed (keys {@code external:…}), confirmed when its message is done.
     */
    @Bean
    DynamoDbIdempotentRepository processedEventsIdempotency(DynamoDbClient dynamoDb, BrigadeProperties names,
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
}
