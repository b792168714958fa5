package io.bucketbrigade.idempotency;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A {@link DynamoDbIdempotentRepository} for a hop that handles an SQS receive's messages together (the
 * {@code sqs-receive-consumer} template, a receive on its consumer's thread from start to end):
 * <ul>
 * <li>{@link #claimReceive} claims the keys of the whole receive in one transaction, when all of them are free;
 * {@link #add} then takes a key so claimed without a request, on the thread that claimed it. When one of them is
 * not free, none is claimed there, and each is claimed on its own by {@link #add} as before.</li>
 * <li>Camel's {@code idempotentConsumer} confirms a key when the key's exchange ends, too early for a hop that
 * writes some records of the key's work for the whole receive: here {@link #confirm} leaves the claim in progress.
 * The hop's receive records step confirms the keys with {@link #confirmAll} once everything of their work is
 * written, or releases them with {@link #remove}, and releases with {@link #releaseUntaken} the keys claimed for the
 * receive whose message never reached them (it failed first).</li>
 * </ul>
 * A failure inside a key's exchange still releases its key through Camel, and a claim that nobody settles (the
 * instance died) is taken over when its lease ends.
 */
public class ConfirmedByReceiveRepository extends DynamoDbIdempotentRepository {

    private static final Logger LOG = LoggerFactory.getLogger(ConfirmedByReceiveRepository.class);

    /** A key claimed for a receive: by the consumer thread handling it, at what time (epoch ms). */
    private record ReceiveClaim(Thread receive, long at) {
    }

    /** Keys claimed for a receive and not yet taken by {@link #add}. */
    private final Map<String, ReceiveClaim> claimedForReceive = new ConcurrentHashMap<>();
    private final Clock clock;

    public ConfirmedByReceiveRepository(DynamoDbClient dynamoDb, String table, String owner, Duration lease,
            Duration retention, Duration busyWait, Clock clock) {
        super(dynamoDb, table, owner, lease, retention, busyWait, clock);
        this.clock = clock;
    }

    /**
     * Claims the keys of a receive's work in one TransactWriteItems, for the calling thread's {@link #add}. First
     * releases what an earlier receive of this thread claimed and left untaken.
     *
     * @return how many keys were claimed: all of them (distinct), or none, when one of them is done or held
     *         elsewhere, when there are fewer than two, or when DynamoDB failed (each is then claimed on its own)
     */
    public int claimReceive(Collection<String> keys) {
        releaseUntaken();
        List<String> distinct = keys.stream().distinct().toList();
        long at = clock.millis();
        try {
            if (!claimTogether(distinct)) {
                return 0;
            }
        } catch (SdkException e) {
            LOG.debug("The keys of a receive were not claimed together; each is claimed on its own: {}", e.toString());
            return 0;
        }
        ReceiveClaim claim = new ReceiveClaim(Thread.currentThread(), at);
        distinct.forEach(key -> claimedForReceive.put(key, claim));
        return distinct.size();
    }

    /**
     * A key that this thread claimed for its receive is taken as is, its lease renewed when half of it is gone (the
     * receive's earlier objects took long); any other key, or one whose claim was lost meanwhile, is claimed now.
     */
    @Override
    public boolean add(String key) {
        ReceiveClaim claim = claimedForReceive.get(key);
        if (claim != null && claim.receive() == Thread.currentThread() && claimedForReceive.remove(key, claim)
                && (clock.millis() - claim.at() < lease().toMillis() / 2 || renew(key))) {
            return true;
        }
        return super.add(key);
    }

    /** Leaves the claim in progress: the receive confirms it, see {@link #confirmAll}. */
    @Override
    public boolean confirm(String key) {
        return true;
    }

    /**
     * Releases the keys that this thread claimed for its receive and that no message took (the message failed
     * before it reached them), so that they are taken again as soon as their messages return.
     */
    public void releaseUntaken() {
        Thread receive = Thread.currentThread();
        claimedForReceive.forEach((key, claim) -> {
            if (claim.receive() == receive && claimedForReceive.remove(key, claim)) {
                try {
                    remove(key);
                } catch (SdkException e) {
                    LOG.warn("Could not release the claim of {}; it is free again when its lease ends: {}", key,
                            e.toString());
                }
            }
        });
    }
}
