package io.bucketbrigade.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.bucketbrigade.profiles.Classification;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.s3.CopyChecksums.StoredChecksum;
import org.bson.Document;

/**
 * One object version on its way from original to source, as the ingest route passes it from step to step:
 * received, then classified (accepted or rejected), then written to source, or skipped.
 */
public class IngestItem {

    private final ObjectEvent event;
    private Classification classification;
    private Classification.Rejected rejection;
    private StoredChecksum depositorChecksum;
    private SourceCopy copy;
    private String skipped;
    private boolean ledgerRead;
    private LedgerEntry ledgerEntry;
    private final List<Document> lineage = new ArrayList<>();
    private Catalogue.FileRecord catalogueEntry;

    public IngestItem(ObjectEvent event) {
        this.event = event;
    }

    public ObjectEvent getEvent() {
        return event;
    }

    public Classification getClassification() {
        return classification;
    }

    /** The accepted classification; only once {@link #isAccepted()}. */
    public Classification.Accepted plan() {
        return (Classification.Accepted) classification;
    }

    public Classification.Rejected getRejection() {
        return rejection;
    }

    /**
     * The SHA-256 and size S3 holds for the original as its depositor sent it, once looked up (only for a file that
     * needs no read); null when there is none: the route then reads the object.
     */
    public StoredChecksum getDepositorChecksum() {
        return depositorChecksum;
    }

    public SourceCopy getCopy() {
        return copy;
    }

    public String getSkipped() {
        return skipped;
    }

    /**
     * Whether the hop has read the object's ledger entry: just before a copy was committed, or when a refusal was
     * checked against newer versions. A file refused for its content has not; the write of its refusal reads it.
     */
    public boolean hasLedgerRead() {
        return ledgerRead;
    }

    /**
     * The object's ledger entry as the hop last read it (empty: there was none), which the ledger write recording
     * the outcome starts from; only once {@link #hasLedgerRead()}.
     */
    public Optional<LedgerEntry> getLedgerRead() {
        if (!ledgerRead) {
            throw new IllegalStateException("the ledger of " + event.key() + " has not been read");
        }
        return Optional.ofNullable(ledgerEntry);
    }

    /**
     * The lineage events of its steps so far, written with those of the rest of its receive (the route's
     * record-lineage step).
     */
    public List<Document> getLineage() {
        return List.copyOf(lineage);
    }

    void addLineage(Document... events) {
        lineage.addAll(List.of(events));
    }

    /**
     * Once written: its file's entry in the catalogue, written with those of the rest of its receive (the route's
     * record-catalogue step).
     */
    public Optional<Catalogue.FileRecord> getCatalogueEntry() {
        return Optional.ofNullable(catalogueEntry);
    }

    void setCatalogueEntry(Catalogue.FileRecord entry) {
        this.catalogueEntry = entry;
    }

    void markClassified(Classification result) {
        this.classification = result;
        if (result instanceof Classification.Rejected rejected) {
            this.rejection = rejected;
        }
    }

    void markLedgerRead(Optional<LedgerEntry> entry) {
        this.ledgerRead = true;
        this.ledgerEntry = entry.orElse(null);
    }

    void markDepositorChecksum(StoredChecksum checksum) {
        this.depositorChecksum = checksum;
    }

    void markRejected(Classification.Rejected rejected) {
        this.rejection = rejected;
    }

    void markCopied(SourceCopy result, Optional<LedgerEntry> ledgerBefore) {
        this.copy = result;
        markLedgerRead(ledgerBefore);
    }

    void markSkipped(String reason) {
        this.skipped = reason;
    }

    /** Classified as acceptable and not yet written (the route then copies or streams it to source). */
    public boolean isAccepted() {
        return classification != null && !classification.rejected() && rejection == null && copy == null
                && skipped == null;
    }

    public boolean isRejected() {
        return rejection != null && skipped == null;
    }

    /**
     * Rejected, and of a dataset (a profile took the key): the refusal changes the dataset's state, so the route asks
     * for the dataset to be checked again.
     */
    public boolean isRejectedInDataset() {
        return isRejected() && rejection.profile() != null;
    }

    public boolean isWritten() {
        return copy != null;
    }

    public boolean isSkipped() {
        return skipped != null;
    }

    /** The dataset this object belongs to, or {@code _unassigned} when no profile claimed it. */
    public String datasetId() {
        String id = classification == null ? null : classification.datasetId();
        return id == null || id.isEmpty() ? "_unassigned" : id;
    }

    public String profile() {
        return classification == null ? null : classification.profile();
    }

    @Override
    public String toString() {
        return event.url() + (skipped != null ? " (skipped: " + skipped + ")"
                : rejection != null ? " (rejected: " + rejection.rule() + ")"
                : copy != null ? " -> " + copy.target().url() : "");
    }
}
