package io.bucketbrigade.queues;

/**
 * What the messages of one queue ask for, and whether that work is done by now: a hop implements it for its own
 * queue, so that the dead-letter view can say of each letter whether it still needs a re-drive.
 */
public interface LetterWork {

    /** The queue this reads the messages of, by its configuration name (ingest, enrich …). */
    String queue();

    /** Whether the work this message asks for is done by now (never throws on a malformed body). */
    Explanation explain(String body);
}
