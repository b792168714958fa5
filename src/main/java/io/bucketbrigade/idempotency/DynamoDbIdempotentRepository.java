package io.bucketbrigade.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedResource;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Camel's {@link IdempotentRepository} on a DynamoDB table, shared by every instance, with conditional writes:
 * <ul>
 * <li>{@link #add} claims a key with a lease ({@code IN_PROGRESS}, owner, lease end). It returns false for a key
 * already {@code DONE}. A key another consumer is working on is waited for (up to {@code busyWait}); then, if it is
 * done, false; if its lease has expired (the consumer died), it is taken over; else {@link ObjectBusyException}, so
 * the message is retried later instead of being lost as a "duplicate".</li>
 * <li>{@link #confirm} marks the key {@code DONE}, remembered for {@code retention} (DynamoDB TTL);
 * {@link #confirmAll} marks several in one request.</li>
 * <li>{@link #renew} extends the lease of a claim this instance holds (a long-running job's lock).</li>
 * <li>{@link #remove} (after a failure) releases the claim, only if this instance still holds it.</li>
 * </ul>
 * Item: {@code id} (partition key), {@code state}, {@code owner}, {@code leaseUntil} (epoch ms), {@code expiresAt}
 * (epoch s, the table's TTL attribute).
 */
@ManagedResource(description = "Idempotent repository on DynamoDB with leases")
public class DynamoDbIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    static final String IN_PROGRESS = "IN_PROGRESS";
    static final String DONE = "DONE";
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /** DynamoDB takes at most 25 writes in one BatchWriteItem. */
    private static final int BATCH_WRITE = 25;
    private static final int BATCH_ATTEMPTS = 5;
    /** DynamoDB takes at most 100 writes in one TransactWriteItems. */
    private static final int TRANSACTION = 100;
    /** A key is free to claim when nobody has it, or its holder's lease has ended. */
    private static final String CLAIMABLE = "attribute_not_exists(id) OR (#state = :inProgress AND leaseUntil < :now)";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String owner;
    private final Duration lease;
    private final Duration retention;
    private final Duration busyWait;
    private final Clock clock;

    public DynamoDbIdempotentRepository(DynamoDbClient dynamoDb, String table, String owner, Duration lease,
            Duration retention, Duration busyWait, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.owner = owner;
        this.lease = lease;
        this.retention = retention;
        this.busyWait = busyWait;
        this.clock = clock;
    }

    @Override
    public boolean add(String key) {
        Instant giveUp = clock.instant().plus(busyWait);
        while (true) {
            if (claim(key)) {
                return true;
            }
            Map<String, AttributeValue> item = get(key);
            if (item == null) {
                continue; // released between our write and our read: claim again
            }
            if (DONE.equals(item.get("state").s())) {
                return false;
            }
            if (!clock.instant().isBefore(giveUp)) {
                throw new ObjectBusyException("'" + key + "' is being processed by " + item.get("owner").s()
                        + " (lease until " + Instant.ofEpochMilli(leaseUntil(item)) + "); retried later");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * Claims the key when it is free or its holder's lease has expired. (Not when this instance holds it: another
     * consumer thread of this same instance may be working on it.)
     */
    private boolean claim(String key) {
        long now = clock.millis();
        try {
            dynamoDb.putItem(p -> p.tableName(table).item(claimItem(key, now)).conditionExpression(CLAIMABLE)
                    .expressionAttributeNames(Map.of("#state", "state")).expressionAttributeValues(claimable(now)));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    /**
     * Claims several keys in one TransactWriteItems, all or none: none when one of them is done, held by a
     * consumer whose lease runs, or when DynamoDB refuses the transaction.
     *
     * @return whether every key is claimed (false for fewer than two keys, or more than a transaction takes)
     */
    protected boolean claimTogether(List<String> keys) {
        if (keys.size() < 2 || keys.size() > TRANSACTION) {
            return false;
        }
        long now = clock.millis();
        List<TransactWriteItem> puts = keys.stream().map(key -> TransactWriteItem.builder().put(p -> p
                .tableName(table).item(claimItem(key, now)).conditionExpression(CLAIMABLE)
                .expressionAttributeNames(Map.of("#state", "state")).expressionAttributeValues(claimable(now)))
                .build()).toList();
        try {
            dynamoDb.transactWriteItems(t -> t.transactItems(puts));
            return true;
        } catch (TransactionCanceledException refused) {
            return false;
        }
    }

    private Map<String, AttributeValue> claimItem(String key, long now) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("id", AttributeValue.fromS(key));
        item.put("state", AttributeValue.fromS(IN_PROGRESS));
        item.put("owner", AttributeValue.fromS(owner));
        item.put("leaseUntil", AttributeValue.fromN(Long.toString(now + lease.toMillis())));
        item.put("expiresAt", AttributeValue.fromN(Long.toString((now + retention.toMillis()) / 1000)));
        return item;
    }

    private static Map<String, AttributeValue> claimable(long now) {
        return Map.of(":inProgress", AttributeValue.fromS(IN_PROGRESS),
                ":now", AttributeValue.fromN(Long.toString(now)));
    }

    @Override
    public boolean contains(String key) {
        Map<String, AttributeValue> item = get(key);
        return item != null && (DONE.equals(item.get("state").s()) || leaseUntil(item) >= clock.millis());
    }

    /** Whether the work of this key was confirmed done (not merely claimed), as long as it is remembered. */
    public boolean done(String key) {
        Map<String, AttributeValue> item = get(key);
        return item != null && DONE.equals(item.get("state").s());
    }

    @Override
    public boolean remove(String key) {
        try {
            dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of("id", AttributeValue.fromS(key)))
                    .conditionExpression("#owner = :me AND #state = :inProgress")
                    .expressionAttributeNames(Map.of("#state", "state", "#owner", "owner"))
                    .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(owner),
                            ":inProgress", AttributeValue.fromS(IN_PROGRESS))));
            return true;
        } catch (ConditionalCheckFailedException notOurs) {
            return false;
        }
    }

    /**
     * Extends the lease of a key this instance holds in progress by a whole lease from now (a long job keeps its
     * lock so, with a short lease). False when the key is no longer this instance's: its lease ran out and another
     * instance took it, or it was released.
     */
    public boolean renew(String key) {
        long now = clock.millis();
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(Map.of("id", AttributeValue.fromS(key)))
                    .updateExpression("SET leaseUntil = :until, expiresAt = :expires")
                    .conditionExpression("#owner = :me AND #state = :inProgress")
                    .expressionAttributeNames(Map.of("#state", "state", "#owner", "owner"))
                    .expressionAttributeValues(Map.of(":me", AttributeValue.fromS(owner),
                            ":inProgress", AttributeValue.fromS(IN_PROGRESS),
                            ":until", AttributeValue.fromN(Long.toString(now + lease.toMillis())),
                            ":expires", AttributeValue.fromN(Long.toString((now + retention.toMillis()) / 1000)))));
            return true;
        } catch (ConditionalCheckFailedException notOurs) {
            return false;
        }
    }

    /** How long a claim lasts without a renewal. */
    public Duration lease() {
        return lease;
    }

    @Override
    public boolean confirm(String key) {
        long now = clock.millis();
        try {
            dynamoDb.updateItem(u -> u.tableName(table).key(Map.of("id", AttributeValue.fromS(key)))
                    .updateExpression("SET #state = :done, confirmedAt = :now, expiresAt = :expires REMOVE leaseUntil")
                    .conditionExpression("attribute_exists(id)")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":done", AttributeValue.fromS(DONE),
                            ":now", AttributeValue.fromN(Long.toString(now)),
                            ":expires", AttributeValue.fromN(Long.toString((now + retention.toMillis()) / 1000)))));
            return true;
        } catch (ConditionalCheckFailedException gone) {
            return false;
        }
    }

    /**
     * Confirms several keys together, 25 to a BatchWriteItem: each is written {@code DONE} whole, with no condition
     * (a batch takes none; a key whose work this instance finished is done, whoever holds its claim by now).
     *
     * @throws IllegalStateException when DynamoDB still leaves some unwritten after a few tries (throttled)
     */
    public void confirmAll(Collection<String> keys) {
        long now = clock.millis();
        List<WriteRequest> writes = keys.stream().distinct().map(key -> WriteRequest.builder().putRequest(p -> p.item(
                Map.of("id", AttributeValue.fromS(key), "state", AttributeValue.fromS(DONE),
                        "owner", AttributeValue.fromS(owner),
                        "confirmedAt", AttributeValue.fromN(Long.toString(now)),
                        "expiresAt", AttributeValue.fromN(Long.toString((now + retention.toMillis()) / 1000)))))
                .build()).toList();
        for (int from = 0; from < writes.size(); from += BATCH_WRITE) {
            List<WriteRequest> batch = writes.subList(from, Math.min(writes.size(), from + BATCH_WRITE));
            for (int attempt = 1; !batch.isEmpty(); attempt++) {
                if (attempt > BATCH_ATTEMPTS) {
                    throw new IllegalStateException(batch.size() + " keys of " + table + " left unconfirmed by "
                            + "DynamoDB after " + BATCH_ATTEMPTS + " tries");
                }
                if (attempt > 1) {
                    LockSupport.parkNanos(POLL_NANOS * attempt);
                }
                List<WriteRequest> writing = batch;
                batch = dynamoDb.batchWriteItem(b -> b.requestItems(Map.of(table, writing))).unprocessedItems()
                        .getOrDefault(table, List.of());
            }
        }
    }

    /** Forgets every key of this table (for operators re-driving everything; not used by routes). */
    @Override
    public void clear() {
        dynamoDb.scanPaginator(s -> s.tableName(table).projectionExpression("id")).items()
                .forEach(item -> dynamoDb.deleteItem(d -> d.tableName(table).key(Map.of("id", item.get("id")))));
    }

    @ManagedAttribute(description = "DynamoDB table holding the keys")
    public String getTable() {
        return table;
    }

    private Map<String, AttributeValue> get(String key) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(key)))).item();
        return item == null || item.isEmpty() ? null : item;
    }

    private static long leaseUntil(Map<String, AttributeValue> item) {
        AttributeValue value = item.get("leaseUntil");
        return value == null ? Long.MAX_VALUE : Long.parseLong(value.n());
    }

    @Override
    protected void doStart() {
        // the table is provisioned with the others
    }

    @Override
    protected void doStop() {
        // the DynamoDB client belongs to the application
    }
}
