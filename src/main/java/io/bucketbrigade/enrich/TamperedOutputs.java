package io.bucketbrigade.enrich;

import java.time.Instant;
import java.util.Date;
import java.util.Map;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.ingest.ObjectEvent;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.watcher.Announcement;
import io.bucketbrigade.watcher.BucketWatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A processed object the server wrote and someone else overwrote: recorded as a rejection (rule
 * {@value ProcessedChange#TAMPERED_RULE}), logged at WARN, counted ({@code brigade_processed_tampered_total}),
 * shown in the dead-letter view of the processed-events queue, and its dataset held from publication until the
 * server's bytes are back or an operator checks the dataset again.
 */
@Component("tamperedOutputs")
public class TamperedOutputs {

    private static final Logger LOG = LoggerFactory.getLogger(TamperedOutputs.class);

    /** What goes to the dead-letter view: the reason, and the S3 event of the tampered object version. */
    public record Notice(String reason, String event) {}

    private final DatasetRecords datasets;
    private final Catalogue catalogue;
    private final Lineage lineage;
    private final Counter tampered;
    private final BucketWatcher events;
    private final String processedEventsQueue;

    TamperedOutputs(DatasetRecords datasets, Catalogue catalogue, Lineage lineage, MeterRegistry meters,
            BucketWatcher events, BrigadeProperties names) {
        this.datasets = datasets;
        this.catalogue = catalogue;
        this.lineage = lineage;
        this.tampered = Counter.builder("brigade.processed.tampered").description("Processed objects the server"
                + " wrote that were overwritten from outside").register(meters);
        this.events = events;
        this.processedEventsQueue = names.queues().get("processed-events").name();
    }

    public Notice record(ProcessedChange change, String routeId) {
        ObjectEvent event = change.event();
        catalogue.recordRejection(new Document("_id", event.uploadId())
                .append("bucket", event.bucket())
                .append("key", event.key())
                .append("etag", event.eTag())
                .append("sequencer", event.sequencer())
                .append("size", event.size())
                .append("datasetId", change.datasetId())
                .append("rule", ProcessedChange.TAMPERED_RULE)
                .append("message", change.message())
                .append("expectedSha256", change.expectedSha256())
                .append("sha256", change.actualSha256())
                .append("time", Date.from(Instant.now())));
        datasets.holdTampered(change.datasetId(), event.key(), "overwritten from outside: SHA-256 "
                + change.actualSha256() + ", ETag " + event.eTag() + ", expected SHA-256 " + change.expectedSha256());
        lineage.record(routeId, event.uploadId(), "tampered", new Document("bucket", event.bucket())
                .append("key", event.key()).append("etag", event.eTag()).append("sha256", change.actualSha256())
                .append("expectedSha256", change.expectedSha256()).append("datasetId", change.datasetId()));
        tampered.increment();
        LOG.warn("Tampered output ({}): {}", ProcessedChange.TAMPERED_RULE, change.message());
        String message = events.event(new Announcement(event.bucket(), event.key(), event.eTag(), event.size(),
                event.eventTime() == null ? Instant.now() : event.eventTime(), processedEventsQueue));
        return new Notice(ProcessedChange.TAMPERED_RULE + ": " + change.message(), message);
    }

    /** @return the dataset, for the promote hop to look at again */
    public String restored(ProcessedChange change, String routeId) {
        ObjectEvent event = change.event();
        datasets.releaseTampered(change.datasetId(), event.key());
        lineage.record(routeId, event.uploadId(), "restored", new Document("bucket", event.bucket())
                .append("key", event.key()).append("etag", event.eTag()).append("sha256", change.actualSha256())
                .append("datasetId", change.datasetId()));
        LOG.info("Tampered output restored: {} holds the server's bytes again (SHA-256 {}); dataset {} {}",
                event.url(), change.actualSha256(), change.datasetId(), datasets.tampered(change.datasetId()).isEmpty()
                        ? "is no longer held" : "is still held for other objects");
        return change.datasetId();
    }

    /**
     * An operator checked the dataset again: every hold for tampering ends, recorded with who and when.
     *
     * @return the keys that were held
     */
    public Map<String, String> checked(String datasetId, String by) {
        Map<String, String> held = datasets.tampered(datasetId);
        datasets.releaseTampered(datasetId, null);
        lineage.recordDataset(null, datasetId, "checked", "check:" + Instant.now(), new Document("by", by)
                .append("released", new Document(held)));
        LOG.info("Dataset {} checked again by {}: {} tampered object(s) released {}", datasetId, by, held.size(),
                held.keySet());
        return held;
    }
}
