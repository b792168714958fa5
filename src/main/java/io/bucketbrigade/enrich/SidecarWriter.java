package io.bucketbrigade.enrich;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bucketbrigade.config.BrigadeProperties;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Writes metadata sidecars to processed as canonical JSON (keys sorted, indented), only when their bytes change:
 * the same content always gives the same bytes, and an unchanged sidecar is not written again. An object at the
 * key that another pipeline wrote is never overwritten.
 */
@Component
public class SidecarWriter {

    /** What became of one sidecar. */
    public enum Outcome { WRITTEN, UNCHANGED, CONFLICT }

    private final S3Client s3;
    private final String processed;
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    SidecarWriter(S3Client s3, BrigadeProperties names) {
        this.s3 = s3;
        this.processed = names.buckets().get("processed");
    }

    public byte[] bytes(Map<String, Object> content) {
        try {
            return (json.writeValueAsString(content) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A sidecar is not JSON: " + e.getMessage(), e);
        }
    }

    public Outcome write(String key, Map<String, Object> content, String datasetId) {
        byte[] bytes = bytes(content);
        String sha256 = sha256(bytes);
        HeadObjectResponse head = head(key);
        if (head != null && !ProcessedWriter.US.equals(head.metadata().get(ProcessedWriter.WRITTEN_BY))) {
            return Outcome.CONFLICT;
        }
        if (head != null && sha256.equals(head.metadata().get("sha256"))) {
            return Outcome.UNCHANGED;
        }
        s3.putObject(p -> p.bucket(processed).key(key).contentType("application/json")
                .metadata(Map.of("sha256", sha256, ProcessedWriter.WRITTEN_BY, ProcessedWriter.US, "role", "sidecar",
                        "dataset-id", datasetId)), RequestBody.fromBytes(bytes));
        return Outcome.WRITTEN;
    }

    public String bucket() {
        return processed;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private HeadObjectResponse head(String key) {
        try {
            return s3.headObject(h -> h.bucket(processed).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
