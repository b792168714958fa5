package io.bucketbrigade.queues;

/**
 * What became of one message of a receive, which decides whether it is deleted.
 *
 * @param message  the message
 * @param handling done, or left on the queue
 * @param reason   why it was left (null when done)
 */
public record MessageOutcome(ReceivedMessage message, Handling handling, String reason) {

    public enum Handling {
        /** Every record of it is written, or it can never be processed and is on the dead-letter queue: delete it. */
        DONE,
        /** It failed: leave it, so that it returns after its visibility timeout (SQS dead-letters it in the end). */
        LEFT
    }

    public static MessageOutcome done(ReceivedMessage message) {
        return new MessageOutcome(message, Handling.DONE, null);
    }

    public static MessageOutcome left(ReceivedMessage message, String reason) {
        return new MessageOutcome(message, Handling.LEFT, reason);
    }

    public boolean deletes() {
        return handling == Handling.DONE;
    }
}
