package io.bucketbrigade.enrich;

import java.util.Optional;

import io.bucketbrigade.enrich.ProcessedChange.Kind;
import io.bucketbrigade.ingest.ObjectEvent;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.s3.ObjectDigest;
import io.bucketbrigade.s3.ObjectHeads;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Tells apart what appears in processed: a key the server copied there (the catalogue's {@code processed.key} of a
 * file) that now holds other bytes without the server's {@code written-by} mark is tampering; the server's bytes
 * back at a key held as tampered is a restore; anything else goes on to the external outputs as before.
 */
@Component("processedChanges")
public class ProcessedChanges {

    private final S3Client s3;
    private final Catalogue catalogue;
    private final DatasetRecords datasets;

    ProcessedChanges(S3Client s3, Catalogue catalogue, DatasetRecords datasets) {
        this.s3 = s3;
        this.catalogue = catalogue;
        this.datasets = datasets;
    }

    public ProcessedChange classify(ObjectEvent event) {
        Optional<Catalogue.ProcessedCopy> copy = catalogue.processedCopy(event.key());
        if (copy.isEmpty()) {
            return ProcessedChange.of(Kind.EXTERNAL, event);
        }
        String datasetId = copy.get().datasetId();
        boolean held = datasets.tampered(datasetId).containsKey(event.key());
        if (!held && ObjectHeads.sameETag(copy.get().eTag(), event.eTag())) {
            return ProcessedChange.of(Kind.UNCHANGED, event); // the very copy enrich read and catalogued
        }
        Optional<HeadObjectResponse> found = ObjectHeads.findVersion(s3, event.bucket(), event.key(), event.eTag());
        if (found.isEmpty()) {
            return ProcessedChange.of(Kind.UNCHANGED, event); // gone or replaced: the newer version has its own event
        }
        HeadObjectResponse head = found.get();
        String expected = copy.get().sha256();
        boolean marked = ProcessedWriter.US.equals(head.metadata().get(ProcessedWriter.WRITTEN_BY));
        if (marked && !held) {
            // the server's write (a newer copy may not be catalogued yet); forged marks are for verify to find
            return ProcessedChange.of(Kind.UNCHANGED, event);
        }
        String actual = ObjectDigest.of(s3, event.bucket(), event.key()).sha256();
        if (expected.equals(actual)) {
            return new ProcessedChange(held ? Kind.RESTORED : Kind.UNCHANGED, event, datasetId, expected, actual);
        }
        return new ProcessedChange(Kind.TAMPERED, event, datasetId, expected, actual);
    }
}
