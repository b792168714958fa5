package io.bucketbrigade.enrich;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.enrich.EnrichRequests.EnrichRequest;
import io.bucketbrigade.enrich.extract.Facts;
import io.bucketbrigade.enrich.extract.FileExtractor;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.ObjectLedger;
import io.bucketbrigade.s3.CopyChecksums;
import io.bucketbrigade.s3.ObjectCopier;
import io.bucketbrigade.s3.ObjectHeads;
import io.bucketbrigade.s3.StoredObject;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Takes an object from source to processed at the same key (a server-side copy), then reads it once for its facts
 * (only its head, for a file whose facts are all there, where S3 vouches for the copy by the SHA-256 it computed).
 * Objects this server writes to processed carry {@code written-by: bucket-brigade}; an object at the key without
 * it belongs to an external pipeline and is never overwritten. The dataset's metadata sidecar key is not copied:
 * the sidecar takes its place.
 */
@Component("processedWriter")
public class ProcessedWriter {

    /** User metadata marking what this server wrote to processed. */
    public static final String WRITTEN_BY = "written-by";
    public static final String US = "bucket-brigade";

    private final S3Client s3;
    private final ObjectCopier copier;
    private final CopyChecksums copyChecksums;
    private final ObjectLedger ledger;
    private final ProfileCatalog profiles;
    private final FileExtractor extractor;
    private final String source;
    private final String processed;

    ProcessedWriter(S3Client s3, ObjectCopier copier, CopyChecksums copyChecksums, ObjectLedger ledger,
            ProfileCatalog profiles, FileExtractor extractor, BrigadeProperties names) {
        this.s3 = s3;
        this.copier = copier;
        this.copyChecksums = copyChecksums;
        this.ledger = ledger;
        this.profiles = profiles;
        this.extractor = extractor;
        this.source = names.buckets().get("source");
        this.processed = names.buckets().get("processed");
    }

    /** The request's object as the ledger has it now (a newer version may have replaced the one announced). */
    public EnrichItem load(EnrichRequest request) {
        Optional<LedgerEntry> entry = ledger.find(request.datasetId(), request.key());
        if (entry.isEmpty() || entry.get().state() != LedgerEntry.State.COPIED) {
            return new EnrichItem(entry.orElse(null), "not in source (" + entry.map(e -> e.state().name())
                    .orElse("unknown") + ")");
        }
        return new EnrichItem(entry.get(), request.names(entry.get()) ? request.source() : null, null);
    }

    public EnrichItem copy(EnrichItem item) {
        LedgerEntry entry = item.getEntry();
        String key = entry.sourceKey();
        boolean sidecarKey = profiles.profile(entry.profile()).map(p -> p.sidecarKey(entry.datasetId()))
                .filter(key::equals).isPresent();
        if (sidecarKey) {
            return item; // its content goes into the sidecar written at this key
        }
        Optional<HeadObjectResponse> existing = head(key);
        if (existing.isPresent() && !US.equals(existing.get().metadata().get(WRITTEN_BY))) {
            item.markConflict("processed already holds an object that another pipeline wrote at " + key
                    + "; it is not overwritten");
            return item;
        }
        if (existing.isPresent() && entry.sourceSha256().equals(existing.get().metadata().get("sha256"))) {
            item.markProcessed(new StoredObject(processed, key, existing.get().eTag(),
                    existing.get().contentLength()));
            return item;
        }
        item.markProcessed(copyFromSource(item, key, metadata -> {
            Map<String, String> copy = new HashMap<>(metadata);
            copy.put(WRITTEN_BY, US);
            copy.put("source-bucket", source);
            return copy;
        }));
        return item;
    }

    /**
     * Copies the version in source that the request said how it is stored with, without a HeadObject (S3 refuses
     * the copy if another version replaced it meanwhile); otherwise, or then, the object as source holds it now.
     */
    private StoredObject copyFromSource(EnrichItem item, String key, UnaryOperator<Map<String, String>> metadata) {
        EnrichRequests.Stored stored = item.getStored();
        if (stored != null) {
            try {
                return copier.copyVersion(source, key, stored.eTag(), item.getEntry().sourceSize(), processed, key,
                        metadata.apply(stored.metadata()), stored.contentType());
            } catch (S3Exception e) {
                if (!ObjectHeads.replaced(e)) {
                    throw e;
                }
            }
        }
        return copier.copy(source, key, processed, key, metadata, null);
    }

    /**
     * Where S3 computes a copy's SHA-256 from the bytes it copies (AWS; {@link CopyChecksums}), the checksum of the
     * copy in processed, kept on the item when it is the source's: S3 then vouches for the copy, and the route reads
     * only its head. Where S3 does not (S3Proxy), nothing is asked.
     */
    public EnrichItem findCopyChecksum(EnrichItem item) {
        if (item.getProcessed() != null && copyChecksums.computed()) {
            copyChecksums.stored(processed, item.getProcessed().key())
                    .filter(stored -> stored.sha256().equals(item.getEntry().sourceSha256()))
                    .ifPresent(item::markCopyChecksum);
        }
        return item;
    }

    /** Reads the head of a copy S3 vouches for, for its MIME type; its size and SHA-256 are those S3 computed. */
    public EnrichItem extractHead(EnrichItem item) {
        CopyChecksums.StoredChecksum copy = item.getCopyChecksum();
        return withFacts(item, processed, extractor.extractHead(processed, item.getEntry().sourceKey(), copy.size(),
                copy.sha256()));
    }

    /** Reads the object once (in processed, or in source when it was not copied) for its facts. */
    public EnrichItem extract(EnrichItem item) {
        String bucket = item.getProcessed() != null ? processed : source;
        return withFacts(item, bucket, extractor.extract(bucket, item.getEntry().sourceKey()));
    }

    private static EnrichItem withFacts(EnrichItem item, String bucket, Facts facts) {
        LedgerEntry entry = item.getEntry();
        if (!entry.sourceSha256().equals(facts.get("sha256"))) {
            facts.problem("checksum-mismatch", entry.sourceKey() + " in " + bucket + " has SHA-256 "
                    + facts.get("sha256") + ", not the " + entry.sourceSha256() + " written to source.");
        }
        if (item.getConflict() != null) {
            facts.problem("processed-conflict", item.getConflict());
        }
        item.markFacts(facts);
        return item;
    }

    private Optional<HeadObjectResponse> head(String key) {
        return ObjectHeads.find(s3, processed, key);
    }
}
