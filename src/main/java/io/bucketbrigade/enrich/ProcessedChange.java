package io.bucketbrigade.enrich;

import io.bucketbrigade.ingest.ObjectEvent;

/**
 * What an object version that appeared in processed is, decided by {@link ProcessedChanges#classify}; the
 * processed-events route branches on {@link #kind()}.
 *
 * @param datasetId      the dataset whose copy the key is (TAMPERED, RESTORED), else null
 * @param expectedSha256 the SHA-256 of the server's copy at that key (TAMPERED, RESTORED), else null
 * @param actualSha256   the SHA-256 of the object now, when it was read (TAMPERED, RESTORED), else null
 */
public record ProcessedChange(Kind kind, ObjectEvent event, String datasetId, String expectedSha256,
        String actualSha256) {

    /** The kinds of change. */
    public enum Kind {
        /** Not a key the server copied to processed: an external output or not, as {@link ExternalOutputs} says. */
        EXTERNAL,
        /** The server's copy at this key, overwritten with other bytes by someone else. */
        TAMPERED,
        /** The server's bytes written back at a key held as tampered. */
        RESTORED,
        /** The server's own write, or the object is gone or replaced since the event: nothing to do. */
        UNCHANGED
    }

    /** The rule of the rejection a tampered object is recorded with. */
    public static final String TAMPERED_RULE = "tampered-output";

    static ProcessedChange of(Kind kind, ObjectEvent event) {
        return new ProcessedChange(kind, event, null, null, null);
    }

    /** What an operator reads, in the log, the rejection and the dead-letter view. */
    public String message() {
        return event.url() + " was written by bucket-brigade as the copy of dataset " + datasetId + " (SHA-256 "
                + expectedSha256 + ") and overwritten from outside (SHA-256 " + actualSha256 + ", ETag "
                + event.eTag() + "): the dataset is held from publication until the object is restored or an"
                + " operator checks the dataset again (POST /api/datasets/" + datasetId + "/check)";
    }
}
