package io.bucketbrigade.records;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.bucketbrigade.checksum.Checksums;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One object in the {@code objects-{env}} ledger: its latest version, where it is in each tier, and its state.
 *
 * @param state        copied (in source) or rejected
 * @param sourceKey    key in source (null unless copied)
 * @param rule         the broken rule of a rejection
 * @param message      why it was rejected, for curators
 * @param processed    as read: the source version the enrich hop recorded in processed, if any (null when none, and
 *                     in an entry to write: a new version's entry replaces the item, and with it this mark)
 */
public record LedgerEntry(String datasetId, String objectKey, String bucket, String eTag, String sequencer, long size,
        State state, String profile, String role, String sampleId, String originalSha256, String originalMd5,
        String sourceBucket, String sourceKey, String sourceSha256, long sourceSize, String rule, String message,
        String uploadId, Instant updatedAt, Processed processed) {

    /** An entry to write (or as read before any version reached processed). */
    public LedgerEntry(String datasetId, String objectKey, String bucket, String eTag, String sequencer, long size,
            State state, String profile, String role, String sampleId, String originalSha256, String originalMd5,
            String sourceBucket, String sourceKey, String sourceSha256, long sourceSize, String rule, String message,
            String uploadId, Instant updatedAt) {
        this(datasetId, objectKey, bucket, eTag, sequencer, size, state, profile, role, sampleId, originalSha256,
                originalMd5, sourceBucket, sourceKey, sourceSha256, sourceSize, rule, message, uploadId, updatedAt,
                null);
    }

    /** The source version (its SHA-256) that reached processed, and the size of its copy there. */
    public record Processed(String sourceSha256, long size) {
    }

    /** Where the object's latest version stands, stored as the name. */
    public enum State {
        /** in source */
        COPIED,
        /** refused at ingest ({@code rule}, {@code message}) */
        REJECTED
    }

    /** Whether this entry is of a newer version of the object than the event with this sequencer. */
    public boolean newerThan(String sequencer) {
        return sequencer().compareTo(sequencer) > 0;
    }

    /** DynamoDB's limit on a sort key. */
    static final int MAX_SORT_KEY_BYTES = 1024;

    /**
     * The ledger's sort key for an object key: the key itself, or for a key longer than DynamoDB allows (only an
     * event can name one; S3 refuses such keys) its SHA-256, the whole key kept in {@code fullKey}.
     */
    static String sortKey(String objectKey) {
        if (objectKey.getBytes(StandardCharsets.UTF_8).length <= MAX_SORT_KEY_BYTES) {
            return objectKey;
        }
        return "sha256:" + Checksums.sha256Hex(objectKey);
    }

    Map<String, AttributeValue> item() {
        Map<String, AttributeValue> item = new HashMap<>();
        put(item, "datasetId", datasetId);
        put(item, "objectKey", sortKey(objectKey));
        if (!sortKey(objectKey).equals(objectKey)) {
            put(item, "fullKey", objectKey);
        }
        put(item, "bucket", bucket);
        put(item, "etag", eTag);
        put(item, "sequencer", sequencer);
        item.put("size", AttributeValue.fromN(Long.toString(size)));
        put(item, "state", state.name());
        put(item, "profile", profile);
        put(item, "role", role);
        put(item, "sampleId", sampleId);
        put(item, "originalSha256", originalSha256);
        put(item, "originalMd5", originalMd5);
        put(item, "sourceKey", sourceKey);
        put(item, "sourceSha256", sourceSha256);
        if (sourceKey != null) {
            item.put("sourceSize", AttributeValue.fromN(Long.toString(sourceSize)));
        }
        put(item, "rule", rule);
        put(item, "error", message);
        put(item, "uploadId", uploadId);
        put(item, "updatedAt", updatedAt.toString());
        Map<String, AttributeValue> tiers = new HashMap<>();
        tiers.put("original", AttributeValue.fromS("s3://" + bucket + "/" + objectKey));
        if (sourceKey != null) {
            tiers.put("source", AttributeValue.fromS("s3://" + sourceBucket + "/" + sourceKey));
        }
        item.put("tiers", AttributeValue.fromM(tiers));
        return item;
    }

    static LedgerEntry from(Map<String, AttributeValue> item) {
        String source = item.containsKey("tiers") && item.get("tiers").m().containsKey("source")
                ? item.get("tiers").m().get("source").s() : null;
        String sourceBucket = source == null ? null : source.substring(5, source.indexOf('/', 5));
        String objectKey = item.containsKey("fullKey") ? s(item, "fullKey") : s(item, "objectKey");
        return new LedgerEntry(s(item, "datasetId"), objectKey, s(item, "bucket"), s(item, "etag"),
                s(item, "sequencer"), n(item, "size"), State.valueOf(s(item, "state")), s(item, "profile"), s(item, "role"),
                s(item, "sampleId"), s(item, "originalSha256"), s(item, "originalMd5"), sourceBucket,
                s(item, "sourceKey"), s(item, "sourceSha256"), n(item, "sourceSize"), s(item, "rule"),
                s(item, "error"), s(item, "uploadId"),
                item.containsKey("updatedAt") ? Instant.parse(item.get("updatedAt").s()) : Instant.EPOCH,
                item.containsKey("processedSha256")
                        ? new Processed(s(item, "processedSha256"), n(item, "processedSize")) : null);
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long n(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }
}
