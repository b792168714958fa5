package io.bucketbrigade.idempotency;

import java.time.Clock;
import java.time.Duration;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A {@link DynamoDbIdempotentRepository} for a hop that writes some records of a key's work for the whole SQS
 * receive, after the key's own exchange has ended: Camel's {@code idempotentConsumer} confirms a key when that
 * exchange ends, too early, so here {@link #confirm} leaves the claim in progress. The hop's receive records step
 * confirms the keys with {@link #confirmAll} once everything of their work is written, or releases them with
 * {@link #remove}. A failure inside the exchange still releases its key through Camel, and a claim that nobody
 * settles (the instance died) is taken over when its lease ends.
 */
public class ConfirmedByReceiveRepository extends DynamoDbIdempotentRepository {

    public ConfirmedByReceiveRepository(DynamoDbClient dynamoDb, String table, String owner, Duration lease,
            Duration retention, Duration busyWait, Clock clock) {
        super(dynamoDb, table, owner, lease, retention, busyWait, clock);
    }

    /** Leaves the claim in progress: the receive confirms it, see {@link #confirmAll}. */
    @Override
    public boolean confirm(String key) {
        return true;
    }
}
