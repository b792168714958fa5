package io.bucketbrigade.idempotency;

import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * One dataset's work at a time across instances (its check, its promotion): a lock per purpose and dataset in
 * the idempotency table, claimed before the work and released after it, whatever happens. A lock held elsewhere
 * is waited for, up to the busy wait; then {@link ObjectBusyException}, and the message is retried later.
 */
@Component
public class DatasetLock {

    private final DynamoDbIdempotentRepository locks;

    DatasetLock(@Qualifier("datasetLocks") DynamoDbIdempotentRepository locks) {
        this.locks = locks;
    }

    /**
     * Runs {@code work} holding the lock {@code <purpose>:<datasetId>}.
     *
     * @param purpose what the work is ({@code check}, {@code promote}): works of other purposes do not wait
     * @throws ObjectBusyException when another holder keeps it beyond the busy wait
     */
    public <T> T holding(String purpose, String datasetId, Supplier<T> work) {
        try (Held held = take(purpose, datasetId)) {
            return work.get();
        }
    }

    /**
     * Takes the lock {@code <purpose>:<datasetId>} for work that ends elsewhere (a route's exchange); release it
     * with {@link Held#close()}.
     *
     * @throws ObjectBusyException when another holder keeps it beyond the busy wait
     */
    public Held take(String purpose, String datasetId) {
        String lock = purpose + ":" + datasetId;
        locks.add(lock); // waits for a holder elsewhere, or fails to be retried
        return () -> locks.remove(lock);
    }

    /** A lock held until closed. */
    public interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
