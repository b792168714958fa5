package io.bucketbrigade.queues;

/**
 * A queue message that can never be processed (not JSON, not an S3 event, too large): it goes to the dead-letter
 * queue at once, with this message as the reason, instead of being retried.
 */
public class PoisonMessageException extends RuntimeException {

    public PoisonMessageException(String reason) {
        super(reason);
    }

    public PoisonMessageException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
