package io.bucketbrigade.idempotency;

import java.time.Clock;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.config.InstanceIdentity;
import io.bucketbrigade.ingest.IngestProperties;
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
}
