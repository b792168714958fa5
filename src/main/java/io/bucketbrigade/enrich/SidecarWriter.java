package io.bucketbrigade.enrich;

import java.util.Map;

import io.bucketbrigade.checksum.Checksums;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.CanonicalJson;
import io.bucketbrigade.s3.ObjectHeads;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

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

    SidecarWriter(S3Client s3, BrigadeProperties names) {
        this.s3 = s3;
        this.processed = names.buckets().get("processed");
    }

    public byte[] bytes(Map<String, Object> content) {
        return CanonicalJson.bytes(content);
    }

    public Outcome write(String key, Map<String, Object> content, String datasetId) {
        byte[] bytes = bytes(content);
        String sha256 = Checksums.sha256Hex(bytes);
        HeadObjectResponse head = head(key);
        if (head != null && !ProcessedWriter.US.equals(head.metadata().get(ProcessedWriter.WRITTEN_BY))) {
            return Outcome.CONFLICT;
        }
        if (head != null && sha256.equals(head.metadata().get("sha256"))) {
            return Outcome.UNCHANGED;
        }
        s3.putObject(p -> p.bucket(processed).key(key).contentType("application/json")
                .metadata(Map.of("sha256", sha256, ProcessedWriter.WRITTEN_BY, ProcessedWriter.US, "role", "sidecar",
                        "dataset-id", datasetId)).checksumSHA256(Checksums.s3Sha256(sha256)),
                RequestBody.fromBytes(bytes));
        return Outcome.WRITTEN;
    }

    public String bucket() {
        return processed;
    }

    private HeadObjectResponse head(String key) {
        return ObjectHeads.find(s3, processed, key).orElse(null);
    }
}
