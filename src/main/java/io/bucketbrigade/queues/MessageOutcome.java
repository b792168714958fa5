package io.bucketbrigade.queues;

/**
 * What became of one message of a receive, which decides whether it is deleted.
 *
 * @param message  the message
 * @param handling done, or left on the queue
 * @param reason   why it was left (null when done)
 * @param result   what the message's route gave at its end (null when it failed): the work the receive's records
 *                 step writes down for the whole receive
 */
public record MessageOutcome(ReceivedMessage message, Handling handling, String reason, Object result) {

    public enum Handling {
        /** Every record of it is written, or it can never be processed and is on the dead-letter queue: delete it. */
        DONE,
        /** It failed: leave it, so that it returns after its visibility timeout (SQS dead-letters it in the end). */
        LEFT
    }

    public static MessageOutcome done(ReceivedMessage message) {
        return done(message, null);
    }

    public static MessageOutcome done(ReceivedMessage message, Object result) {
        return new MessageOutcome(message, Handling.DONE, null, result);
    }

    public static MessageOutcome left(ReceivedMessage message, String reason) {
        return new MessageOutcome(message, Handling.LEFT, reason, null);
    }

    /** This message left after all, its work kept: a record of the receive that it needs could not be written. */
    public MessageOutcome leave(String why) {
        return new MessageOutcome(message, Handling.LEFT, why, result);
    }

    public boolean deletes() {
        return handling == Handling.DONE;
    }
}
