package io.bucketbrigade.ingest;

import java.time.Instant;
import java.util.Locale;

/**
 * S3 event sequencers: hexadecimal strings that order the events of one key. Values of different lengths compare
 * after left-padding the shorter with zeros; normalized values (fixed width, upper case) compare as strings, also
 * in DynamoDB conditions.
 */
public final class Sequencer {

    static final int WIDTH = 32;

    private Sequencer() {
    }

    /** Fixed-width upper-case hex; an absent or malformed sequencer becomes all zeros (orders first). */
    public static String normalize(String sequencer) {
        String hex = sequencer == null ? "" : sequencer.trim().toUpperCase(Locale.ROOT);
        if (!hex.matches("[0-9A-F]{0,32}")) {
            hex = "";
        }
        return "0".repeat(WIDTH - hex.length()) + hex;
    }

    /** A sequencer for an event that has none (the watcher): the object's modification time in milliseconds. */
    public static String fromTime(Instant lastModified) {
        return normalize(Long.toHexString(lastModified.toEpochMilli()));
    }

    /** Whether {@code candidate} is older than {@code recorded}: the event it comes from is stale. */
    public static boolean isOlder(String candidate, String recorded) {
        return normalize(candidate).compareTo(normalize(recorded)) < 0;
    }
}
