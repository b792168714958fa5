package io.bucketbrigade.ingest;

import java.time.Instant;

import io.bucketbrigade.checksum.Checksums;

/**
 * One object version announced by an S3 event (from S3 itself or from the bucket watcher).
 *
 * @param key       the object key, URL-decoded
 * @param size      bytes, or -1 when the event does not say
 * @param eTag      the ETag without quotes
 * @param sequencer the event's sequencer, normalized by {@link Sequencer#normalize}
 * @param source    who announced it: {@code aws:s3} or the watcher
 */
public record ObjectEvent(String bucket, String key, long size, String eTag, String sequencer, String eventName,
        Instant eventTime, String source) {

    /** Names this object version: the same event delivered again has the same key. */
    public String idempotencyKey() {
        return "s3://" + bucket + "/" + key + "#" + eTag + "@" + sequencer;
    }

    /** A short stable id of this upload, shared by every lineage event it causes. */
    public String uploadId() {
        return Checksums.shortSha256Hex(idempotencyKey());
    }

    /** A zero-byte key ending in '/': the "folder" a console creates, not a file. */
    public boolean folderMarker() {
        return key.endsWith("/") && size == 0;
    }

    public String url() {
        return "s3://" + bucket + "/" + key;
    }
}
