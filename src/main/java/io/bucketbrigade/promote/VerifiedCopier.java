package io.bucketbrigade.promote;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.s3.CopyChecksums;
import io.bucketbrigade.s3.ObjectCopier;
import io.bucketbrigade.s3.ObjectDigest;
import io.bucketbrigade.s3.ObjectHeads;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Copies one file of a new version to production, server-side (one CopyObject up to 5 GiB, UploadPartCopy above;
 * skipped when an earlier attempt at the version left the same bytes there), and checks it there: same size, same
 * SHA-256. The copy's SHA-256 is the one S3 computed while copying where it computes one (AWS; {@link CopyChecksums});
 * otherwise the copy is read back. A copy that differs is deleted and fails the publication. The file's upload gets
 * its {@code promoted} lineage step with the version's records ({@link PublicationRecords}), once its manifest is
 * written.
 */
@Component("verifiedCopier")
class VerifiedCopier {

    private final S3Client s3;
    private final ObjectCopier copier;
    private final CopyChecksums copyChecksums;
    private final String processed;
    private final String production;

    VerifiedCopier(S3Client s3, ObjectCopier copier, CopyChecksums copyChecksums, BrigadeProperties names) {
        this.s3 = s3;
        this.copier = copier;
        this.copyChecksums = copyChecksums;
        this.processed = names.buckets().get("processed");
        this.production = names.buckets().get("production");
    }

    /** @return the file as verified in production */
    public Manifest.File copy(VersionPlan.FileCopy copy) {
        Manifest.File file = copy.file();
        String target = copy.target();
        String line = "COPY s3://" + processed + "/" + file.object() + " -> s3://" + production + "/" + target;
        if (copy.request().dryRun()) {
            copy.request().operations().record(line);
            return new Manifest.File(file.key(), target, file.size(), file.sha256());
        }
        boolean there = copy.targetTaken() && ObjectHeads.find(s3, production, target).filter(existing ->
                existing.contentLength() == file.size() && file.sha256().equals(existing.metadata().get("sha256")))
                .isPresent();
        if (!there) {
            copier.copy(processed, file.object(), production, target, metadata -> {
                Map<String, String> copied = new HashMap<>(metadata);
                copied.remove("written-by");
                copied.put("sha256", file.sha256());
                copied.put("dataset-version", Integer.toString(copy.version()));
                return copied;
            }, null);
        }
        ObjectDigest stored = verify(target);
        if (stored.size() != file.size() || !stored.sha256().equals(file.sha256())) {
            s3.deleteObject(d -> d.bucket(production).key(target));
            throw new IllegalStateException("Verification of s3://" + production + "/" + target + " failed: "
                    + stored.size() + " bytes with SHA-256 " + stored.sha256() + ", expected " + file.size()
                    + " bytes with " + file.sha256());
        }
        copy.request().operations().record(line + " (verified)");
        return new Manifest.File(file.key(), target, stored.size(), stored.sha256());
    }

    /**
     * The copy's size and SHA-256: as S3 stores them where S3 computed the checksum from the bytes it copied,
     * otherwise by reading the copy back.
     */
    private ObjectDigest verify(String target) {
        if (copyChecksums.computed()) {
            Optional<CopyChecksums.StoredChecksum> stored = copyChecksums.stored(production, target);
            if (stored.isPresent()) {
                return new ObjectDigest(stored.get().size(), stored.get().sha256());
            }
        }
        return ObjectDigest.of(s3, production, target);
    }
}
