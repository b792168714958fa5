package io.bucketbrigade.reconcile;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.records.CanonicalJson;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The small S3 steps the reconcile jobs take on JSON metadata files. */
final class S3Files {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);

    private final S3Client s3;
    private final ObjectMapper json = new ObjectMapper();

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

    /** Writes JSON in the canonical form (marked as written by this server). */
    void writeJson(String bucket, String key, Object content) {
        s3.putObject(p -> p.bucket(bucket).key(key).contentType("application/json")
                .metadata(Map.of("written-by", "bucket-brigade")), RequestBody.fromBytes(CanonicalJson.bytes(content)));
    }

    /** Whether an object's content differs from this JSON in canonical form (the ETag is the MD5 of a PUT). */
    static boolean differs(S3Object existing, Object content) {
        return existing == null || !existing.eTag().replace("\"", "").equals(CanonicalJson.md5(CanonicalJson.bytes(content)));
    }

    /** The JSON object of a file: empty when it is not JSON, not an object, or has keys a document cannot hold. */
    Optional<Map<String, Object>> readObject(String bucket, String key) {
        try {
            JsonNode node = json.readTree(s3.getObjectAsBytes(g -> g.bucket(bucket).key(key)).asByteArray());
            if (node == null || !node.isObject() || corrupt(node)) {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = json.convertValue(node, Map.class);
            return Optional.of(map);
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Keys with '.' or a leading '$' cannot be stored in DocumentDB: such a file is corrupt for the catalogue. */
    private static boolean corrupt(JsonNode node) {
        if (node.isObject()) {
            for (var fields = node.fields(); fields.hasNext(); ) {
                var field = fields.next();
                if (field.getKey().contains(".") || field.getKey().startsWith("$") || corrupt(field.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (corrupt(element)) {
                    return true;
                }
            }
        }
        return false;
    }

    void copy(String bucket, String from, String to) {
        s3.copyObject(c -> c.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
    }

    void delete(String bucket, String key) {
        s3.deleteObject(d -> d.bucket(bucket).key(key));
    }
}
