package io.bucketbrigade.enrich;

import java.time.Instant;
import java.util.Date;
import java.util.List;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.enrich.extract.Facts;
import io.bucketbrigade.openlineage.LineageRun;
import io.bucketbrigade.openlineage.OpenLineageEmitter;
import io.bucketbrigade.openlineage.S3Dataset;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.records.ObjectLedger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records an object's enrich: its facts and location in processed for the asset document, its mark for the ledger
 * and the dataset's processed counters, and the lineage steps {@code processed} and {@code extracted}, all written
 * with the rest of its receive ({@link EnrichReceives}). Idempotent.
 */
@Component("enrichRecords")
public class EnrichRecords {

    private static final Logger LOG = LoggerFactory.getLogger(EnrichRecords.class);

    private final Lineage lineage;
    private final OpenLineageEmitter openLineage;
    private final MeterRegistry meters;
    private final String processed;

    EnrichRecords(Lineage lineage,
            OpenLineageEmitter openLineage, MeterRegistry meters, BrigadeProperties names) {
        this.lineage = lineage;
        this.openLineage = openLineage;
        this.meters = meters;
        this.processed = names.buckets().get("processed");
    }

    /** The run that takes this source version to processed begins (OpenLineage START). */
    public void started(EnrichItem item, String routeId) {
        openLineage.emit(LineageRun.started(routeId, runOf(item.getEntry()), Instant.now(),
                List.of(source(item.getEntry()))));
    }

    /**
     * Records the facts; the lineage events {@code processed} and {@code extracted} wait on the item, to be written
     * with those of its whole receive ({@link EnrichReceives#recordLineage}).
     */
    public EnrichItem extracted(EnrichItem item, String routeId) {
        LedgerEntry entry = item.getEntry();
        Facts facts = item.getFacts();
        String processedKey = item.getProcessed() == null ? null : item.getProcessed().key();
        Catalogue.ProcessedRecord catalogued = new Catalogue.ProcessedRecord(entry.datasetId(), entry.objectKey(),
                "s3://" + processed + "/" + entry.datasetId(), new Document("key", processedKey)
                        .append("sha256", facts.get("sha256"))
                        .append("upload", entry.uploadId())
                        .append("etag", item.getProcessed() == null ? null : item.getProcessed().eTag())
                        .append("size", facts.get("size"))
                        .append("facts", FactsDocuments.facts(facts))
                        .append("problems", FactsDocuments.problems(facts))
                        .append("updated", new Date()));
        item.markRecorded(catalogued, new ObjectLedger.ProcessedMark(entry,
                processedKey == null ? null : "s3://" + processed + "/" + processedKey,
                processedKey == null ? 0 : (Long) facts.get("size")));
        if (item.getProcessed() != null) {
            item.addLineage(lineage.event(routeId, entry.uploadId(), "processed", new Document("bucket",
                    entry.sourceBucket())
                    .append("key", entry.sourceKey())
                    .append("sha256", entry.sourceSha256())
                    .append("datasetId", entry.datasetId())
                    .append("target", new Document("bucket", processed).append("key", processedKey)
                            .append("sha256", facts.get("sha256")).append("size", facts.get("size")))));
        }
        item.addLineage(lineage.event(routeId, entry.uploadId(), "extracted", new Document("bucket",
                item.getProcessed() == null ? entry.sourceBucket() : processed)
                .append("key", entry.sourceKey())
                .append("datasetId", entry.datasetId())
                .append("sha256", facts.get("sha256"))
                .append("format", facts.get("format"))
                .append("problems", FactsDocuments.problems(facts))));
        openLineage.emit(LineageRun.completed(routeId, runOf(entry), Instant.now(), List.of(source(entry)),
                processedKey == null ? List.of() : List.of(new S3Dataset(processed, processedKey,
                        (String) facts.get("sha256"), (Long) facts.get("size")))));
        if (processedKey != null) {
            Counter.builder("brigade.enrich.bytes").description("Bytes copied to the processed tier").register(meters)
                    .increment((Long) facts.get("size"));
        }
        Counter.builder("brigade.enrich.objects").tag("format", String.valueOf(facts.get("format")))
                .description("Objects taken from source to processed, by format").register(meters).increment();
        facts.problems().forEach(p -> LOG.warn("{}: {}", entry.sourceKey(), p.message()));
        LOG.info("Enriched {} ({}, {} bytes){}", entry.sourceKey(), facts.get("format"), facts.get("size"),
                facts.problems().isEmpty() ? "" : " with " + facts.problems().size() + " problem(s)");
        return item;
    }

    private static String runOf(LedgerEntry entry) {
        return entry.uploadId() + "/" + entry.sourceSha256();
    }

    private static S3Dataset source(LedgerEntry entry) {
        return new S3Dataset(entry.sourceBucket(), entry.sourceKey(), entry.sourceSha256(), entry.sourceSize());
    }

    public void skipped(EnrichItem item) {
        LOG.info("Enrich skipped {}: {}", item.getEntry() == null ? "?" : item.getEntry().objectKey(),
                item.getSkipped());
    }
}
