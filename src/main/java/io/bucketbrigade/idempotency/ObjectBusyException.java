package io.bucketbrigade.idempotency;

/**
 * Another consumer holds the lease on this key and did not finish within the wait: the message is retried later
 * (its queue makes it visible again), by when that consumer has finished or its lease has expired.
 */
public class ObjectBusyException extends RuntimeException {

    public ObjectBusyException(String message) {
        super(message);
    }
}
