package io.bucketbrigade.promote;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.s3.ObjectCopier;
import io.bucketbrigade.s3.ObjectDigest;
import org.bson.Document;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Copies one file of a new version to production, server-side (one CopyObject up to 5 GiB, UploadPartCopy above;
 * skipped when the same bytes are there already), and checks it there: same size, same SHA-256, read back. A copy
 * that differs is deleted and fails the publication. The file's upload gets its {@code promoted} lineage step.
 */
@Component("verifiedCopier")
class VerifiedCopier {

    private final S3Client s3;
    private final ObjectCopier copier;
    private final Catalogue catalogue;
    private final Lineage lineage;
    private final String processed;
    private final String production;

    VerifiedCopier(S3Client s3, ObjectCopier copier, Catalogue catalogue, Lineage lineage, BrigadeProperties names) {
        this.s3 = s3;
        this.copier = copier;
        this.catalogue = catalogue;
        this.lineage = lineage;
        this.processed = names.buckets().get("processed");
        this.production = names.buckets().get("production");
    }

    /**
     * @param routeId the route taking this step, for the lineage
     * @return the file as verified in production
     */
    public Manifest.File copy(VersionPlan.FileCopy copy, String routeId) {
        Manifest.File file = copy.file();
        String target = copy.target();
        String line = "COPY s3://" + processed + "/" + file.object() + " -> s3://" + production + "/" + target;
        if (copy.request().dryRun()) {
            copy.request().operations().record(line);
            return new Manifest.File(file.key(), target, file.size(), file.sha256());
        }
        HeadObjectResponse existing = head(production, target);
        if (existing == null || !file.sha256().equals(existing.metadata().get("sha256"))
                || existing.contentLength() != file.size()) {
            copier.copy(processed, file.object(), production, target, metadata -> {
                Map<String, String> copied = new HashMap<>(metadata);
                copied.remove("written-by");
                copied.put("sha256", file.sha256());
                copied.put("dataset-version", Integer.toString(copy.version()));
                return copied;
            }, null);
        }
        ObjectDigest stored = ObjectDigest.of(s3, production, target);
        if (stored.size() != file.size() || !stored.sha256().equals(file.sha256())) {
            s3.deleteObject(d -> d.bucket(production).key(target));
            throw new IllegalStateException("Verification of s3://" + production + "/" + target + " failed: "
                    + stored.size() + " bytes with SHA-256 " + stored.sha256() + ", expected " + file.size()
                    + " bytes with " + file.sha256());
        }
        String upload = uploadOf(copy.datasetId(), file);
        if (upload != null) {
            lineage.record(routeId, upload, "promoted", "promoted-v" + copy.version(),
                    new Document("bucket", processed).append("key", file.object()).append("sha256", file.sha256())
                            .append("datasetId", copy.datasetId())
                            .append("target", new Document("bucket", production).append("key", target)
                                    .append("size", stored.size()).append("sha256", stored.sha256())
                                    .append("version", copy.version())));
        }
        copy.request().operations().record(line + " (verified)");
        return new Manifest.File(file.key(), target, stored.size(), stored.sha256());
    }

    /** The upload a processed object comes from: its metadata, or for an external output its catalogue entry. */
    private String uploadOf(String datasetId, Manifest.File file) {
        HeadObjectResponse head = head(processed, file.object());
        if (head != null && head.metadata().get("upload-id") != null) {
            return head.metadata().get("upload-id");
        }
        return catalogue.asset(datasetId).flatMap(a -> a.getList("files", Document.class, List.of()).stream()
                .filter(f -> file.object().equals(f.getString("key")) && f.getString("upload") != null)
                .map(f -> f.getString("upload")).findFirst()).orElse(null);
    }

    private HeadObjectResponse head(String bucket, String key) {
        try {
            return s3.headObject(h -> h.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }
}
