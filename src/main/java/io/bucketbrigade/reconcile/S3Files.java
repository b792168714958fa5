package io.bucketbrigade.reconcile;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import io.bucketbrigade.records.CanonicalJson;
import org.bson.Document;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The small S3 steps the reconcile jobs take on JSON metadata files. */
final class S3Files {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final S3Client s3;

    S3Files(S3Client s3) {
        this.s3 = s3;
    }

    /** Fails with a plain reason when a bucket is gone or out of reach (an error of the run, for that bucket). */
    void requireBucket(String bucket) {
        try {
            s3.headBucket(h -> h.bucket(bucket));
        } catch (S3Exception e) {
            throw new IllegalStateException(switch (e.statusCode()) {
                case 404 -> "no such bucket";
                case 403 -> "access denied (does the server's IAM role allow s3:ListBucket on it?)";
                default -> e.getMessage();
            }, e);
        }
    }

    /** Writes JSON in the canonical form, the indexer's bytes (marked as written by this server). */
    void writeJson(String bucket, String key, Object content) {
        s3.putObject(p -> p.bucket(bucket).key(key).contentType("application/json")
                .metadata(Map.of("written-by", "bucket-brigade")).checksumAlgorithm(ChecksumAlgorithm.SHA256),
                RequestBody.fromBytes(CanonicalJson.bytes(content)));
    }

    /**
     * Whether an object's content differs from this JSON in canonical form: the indexer's test, the object's ETag
     * (the MD5 of a single-part PUT) against the MD5 of the canonical bytes.
     */
    static boolean differs(S3Object existing, Object content) {
        return existing == null
                || !existing.eTag().replace("\"", "").equals(CanonicalJson.md5(CanonicalJson.bytes(content)));
    }

    /** A root core schema file read as the indexer reads it. */
    RootFile readRoot(String bucket, String key) {
        return RootFile.of(s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray());
    }

    /** The JSON object of a file: empty when it is not JSON, not an object, or has keys a document cannot hold. */
    Optional<Map<String, Object>> readObject(String bucket, String key) {
        try {
            return readRoot(bucket, key) instanceof RootFile.Value read && read.value() instanceof Document object
                    ? Optional.of(object) : Optional.empty();
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    void copy(String bucket, String from, String to) {
        s3.copyObject(c -> c.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
    }

    void delete(String bucket, String key) {
        s3.deleteObject(d -> d.bucket(bucket).key(key));
    }
}
