package io.bucketbrigade.queues;

/** Why a message sits in a dead-letter queue, and whether it still needs a re-drive. */
public record Explanation(State state, String detail) {

    /** What a dead letter's work is now. */
    public enum State {
        /** its work was done after all (by another receipt or a later message): nothing to re-drive */
        DONE,
        /** sent there on purpose, with its reason (a message that can never be processed, a tampered object) */
        REFUSED,
        /** its work is not done: re-drive it once its cause is mended */
        PENDING
    }

    public static Explanation done(String detail) {
        return new Explanation(State.DONE, detail);
    }

    public static Explanation refused(String reason) {
        return new Explanation(State.REFUSED, reason);
    }

    public static Explanation pending(String detail) {
        return new Explanation(State.PENDING, detail);
    }
}
