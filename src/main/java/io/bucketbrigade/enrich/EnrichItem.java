package io.bucketbrigade.enrich;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.bucketbrigade.enrich.extract.Facts;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.ObjectLedger;
import io.bucketbrigade.s3.CopyChecksums.StoredChecksum;
import io.bucketbrigade.s3.StoredObject;
import org.bson.Document;

/** One object on its way from source to processed, as the enrich route passes it from step to step. */
public class EnrichItem {

    private final LedgerEntry entry;
    private final EnrichRequests.Stored stored;
    private String skipped;
    private StoredObject processed;
    private StoredChecksum copyChecksum;
    private String conflict;
    private Facts facts;
    private final List<Document> lineage = new ArrayList<>();
    private Catalogue.ProcessedRecord catalogueEntry;
    private ObjectLedger.ProcessedMark ledgerMark;

    EnrichItem(LedgerEntry entry, String skipped) {
        this(entry, null, skipped);
    }

    EnrichItem(LedgerEntry entry, EnrichRequests.Stored stored, String skipped) {
        this.entry = entry;
        this.stored = stored;
        this.skipped = skipped;
    }

    public LedgerEntry getEntry() {
        return entry;
    }

    /**
     * What its version is stored with in source (ETag, Content-Type, user metadata), as its request said; null when
     * the request did not say, or named another version than the ledger's: then asked of S3.
     */
    public EnrichRequests.Stored getStored() {
        return stored;
    }

    /** The source version this step takes: the same version enriched again is a duplicate. */
    public String getIdempotencyKey() {
        return claimOf(entry.datasetId(), entry.sourceKey(), entry.sourceSha256(), entry.uploadId());
    }

    /**
     * The claim of a source version: what one upload wrote to source, named by its dataset, key in source, SHA-256
     * and upload. Bytes deposited again, the same as before or as an earlier version (a file put back as it was),
     * are a new version, taken to processed again: processed may hold other bytes by then, and the ledger no mark.
     */
    static String claimOf(String datasetId, String sourceKey, String sourceSha256, String uploadId) {
        return "enrich:" + datasetId + "/" + sourceKey + "@" + sourceSha256 + "#" + uploadId;
    }

    public boolean isSkipped() {
        return skipped != null;
    }

    public String getSkipped() {
        return skipped;
    }

    public StoredObject getProcessed() {
        return processed;
    }

    /**
     * The size and SHA-256 that S3 computed for the copy in processed, once looked up and equal to the source's
     * (only where S3 computes a copy's checksum, for a file whose facts are in its head); null otherwise: the copy is
     * then read whole.
     */
    public StoredChecksum getCopyChecksum() {
        return copyChecksum;
    }

    /** Why the object was not written to processed (another pipeline's object is at its key), or null. */
    public String getConflict() {
        return conflict;
    }

    public Facts getFacts() {
        return facts;
    }

    /**
     * The lineage events of its steps once its records are written, to be written with those of the rest of its
     * receive (the route's record-lineage step); none before.
     */
    public List<Document> getLineage() {
        return List.copyOf(lineage);
    }

    /** Taken to processed under its claim and recorded, but for its lineage (written with its receive's). */
    public boolean isRecorded() {
        return !lineage.isEmpty();
    }

    void addLineage(Document event) {
        lineage.add(event);
    }

    /** Once its facts are found: what the catalogue records of it, written with its receive's (record-catalogue). */
    public Optional<Catalogue.ProcessedRecord> getCatalogueEntry() {
        return Optional.ofNullable(catalogueEntry);
    }

    /**
     * Once its facts are found: its processed mark in the ledger, written with its receive's, after their catalogue
     * entries (record-processed).
     */
    public Optional<ObjectLedger.ProcessedMark> getLedgerMark() {
        return Optional.ofNullable(ledgerMark);
    }

    void markRecorded(Catalogue.ProcessedRecord catalogued, ObjectLedger.ProcessedMark mark) {
        this.catalogueEntry = catalogued;
        this.ledgerMark = mark;
    }

    void markProcessed(StoredObject object) {
        this.processed = object;
    }

    void markCopyChecksum(StoredChecksum checksum) {
        this.copyChecksum = checksum;
    }

    void markConflict(String message) {
        this.conflict = message;
    }

    void markFacts(Facts found) {
        this.facts = found;
    }

    void markSkipped(String reason) {
        this.skipped = reason;
    }
}
