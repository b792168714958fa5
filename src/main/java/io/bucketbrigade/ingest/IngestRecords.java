package io.bucketbrigade.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.openlineage.LineageRun;
import io.bucketbrigade.openlineage.OpenLineageEmitter;
import io.bucketbrigade.openlineage.S3Dataset;
import io.bucketbrigade.profiles.Classification;
import io.bucketbrigade.profiles.FileRule;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.records.ObjectLedger;
import io.bucketbrigade.records.TenxSamples;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records each step of an object version's ingest where operators and curators look: the ledger and dataset
 * counters in DynamoDB, the asset document, rejections, metrics and the log. Its lineage events and its file's
 * catalogue entry are gathered on the item, and written with those of its whole receive
 * ({@link IngestReceives#recordLineage}, {@link IngestReceives#recordCatalogue}). Every write is
 * idempotent, so an event processed again (a duplicate, or after a crash) records nothing new.
 */
@Component("ingestRecords")
public class IngestRecords {

    private static final Logger LOG = LoggerFactory.getLogger(IngestRecords.class);

    private final ObjectLedger ledger;
    private final TenxSamples samples;
    private final Catalogue catalogue;
    private final Lineage lineage;
    private final OpenLineageEmitter openLineage;
    private final ProfileCatalog profiles;
    private final MeterRegistry meters;
    private final String sourceBucket;
    private final IngestLag lag;
    private final Clock clock = Clock.systemUTC();

    IngestRecords(ObjectLedger ledger, TenxSamples samples, Catalogue catalogue, Lineage lineage,
            OpenLineageEmitter openLineage, ProfileCatalog profiles, MeterRegistry meters, BrigadeProperties names,
            IngestLag lag) {
        this.ledger = ledger;
        this.samples = samples;
        this.catalogue = catalogue;
        this.lineage = lineage;
        this.openLineage = openLineage;
        this.profiles = profiles;
        this.meters = meters;
        this.sourceBucket = names.buckets().get("source");
        this.lag = lag;
    }

    /** The first step: an object version announced by an event (and how long after its upload it was taken). */
    public IngestItem received(ObjectEvent event, String routeId) {
        lag.taken(event.eventTime(), clock.instant());
        IngestItem item = new IngestItem(event);
        item.addLineage(lineage.event(routeId, event.uploadId(), "received", original(event)
                .append("eventName", event.eventName())
                .append("eventTime", Date.from(event.eventTime()))
                .append("announcedBy", event.source())));
        openLineage.emit(LineageRun.started(routeId, event.uploadId(), clock.instant(),
                List.of(new S3Dataset(event.bucket(), event.key(), null, event.size()))));
        return item;
    }

    public IngestItem rejected(IngestItem item, String routeId) {
        ObjectEvent event = item.getEvent();
        Classification.Rejected rejection = item.getRejection();
        Instant now = clock.instant();
        LedgerEntry refused = new LedgerEntry(item.datasetId(), event.key(), event.bucket(), event.eTag(),
                event.sequencer(), event.size(), LedgerEntry.State.REJECTED, rejection.profile(), roleOf(item), null,
                null, null, null, null, null, 0, rejection.rule(), rejection.message(), event.uploadId(), now);
        if (item.hasLedgerRead()) {
            ledger.record(refused, item.getLedgerRead());
        } else {
            ledger.record(refused);
        }
        catalogue.recordRejection(rejection(event, item.datasetId(), rejection, now));
        item.addLineage(lineage.event(routeId, event.uploadId(), "rejected", original(event)
                .append("datasetId", item.datasetId())
                .append("profile", rejection.profile())
                .append("rule", rejection.rule())
                .append("message", rejection.message())));
        openLineage.emit(LineageRun.failed(routeId, event.uploadId(), now,
                List.of(new S3Dataset(event.bucket(), event.key(), null, event.size())),
                rejection.rule() + ": " + rejection.message()));
        Counter.builder("brigade.ingest.rejections").tag("rule", rejection.rule())
                .description("Objects refused by a naming, layout or content rule").register(meters).increment();
        count("rejected");
        LOG.warn("Rejected {} ({}): {}", event.url(), rejection.rule(), rejection.message());
        return item;
    }

    public IngestItem copied(IngestItem item, String routeId) {
        ObjectEvent event = item.getEvent();
        Classification.Accepted plan = item.plan();
        SourceCopy copy = item.getCopy();
        Document validated = lineage.event(routeId, event.uploadId(), "validated", original(event)
                .append("datasetId", plan.datasetId())
                .append("profile", plan.profile())
                .append("role", plan.role())
                .append("checks", plan.checks())
                .append("read", copy.read())
                .append("sha256", copy.originalSha256())
                .append("md5", copy.originalMd5())
                .append("size", copy.originalSize()));
        ledger.record(new LedgerEntry(plan.datasetId(), event.key(), event.bucket(), event.eTag(), event.sequencer(),
                copy.originalSize(), LedgerEntry.State.COPIED, plan.profile(), plan.role(), plan.sampleId(),
                copy.originalSha256(), copy.originalMd5(), copy.target().bucket(), copy.target().key(), copy.sha256(),
                copy.target().size(), null, null, event.uploadId(), clock.instant()), item.getLedgerRead());
        if (plan.sampleId() != null) {
            String fileName = copy.target().key().substring(copy.target().key().lastIndexOf('/') + 1);
            samples.recordFile(plan.datasetId(), plan.sampleId(), plan.role(), fileName, Map.of(
                    "key", copy.target().key(), "sha256", copy.sha256(), "size", Long.toString(copy.target().size()),
                    "original", event.url()), requiredRoles(plan.profile()));
        }
        item.setCatalogueEntry(new Catalogue.FileRecord(plan.datasetId(), plan.profile(), "source",
                "s3://" + sourceBucket + "/" + plan.datasetId(), new Document("key", event.key())
                        .append("role", plan.role())
                        .append("sample", plan.sampleId())
                        .append("tier", "source")
                        .append("sourceKey", copy.target().key())
                        .append("size", copy.target().size())
                        .append("sha256", copy.sha256())
                        .append("originalSize", copy.originalSize())
                        .append("originalSha256", copy.originalSha256())
                        .append("originalEtag", event.eTag())
                        .append("standardized", copy.standardized())
                        .append("found", copy.found().isEmpty() ? null : new Document(Map.copyOf(copy.found())))
                        .append("updated", new Date())));
        item.addLineage(validated, lineage.event(routeId, event.uploadId(), "copied", original(event)
                .append("datasetId", plan.datasetId())
                .append("sha256", copy.originalSha256())
                .append("target", new Document("bucket", copy.target().bucket())
                        .append("key", copy.target().key())
                        .append("size", copy.target().size())
                        .append("sha256", copy.sha256())
                        .append("standardized", copy.standardized()))));
        openLineage.emit(LineageRun.completed(routeId, event.uploadId(), clock.instant(),
                List.of(new S3Dataset(event.bucket(), event.key(), copy.originalSha256(), copy.originalSize())),
                List.of(new S3Dataset(copy.target().bucket(), copy.target().key(), copy.sha256(),
                        copy.target().size()))));
        Counter.builder("brigade.ingest.bytes").description("Bytes written to the source tier").register(meters)
                .increment(copy.target().size());
        count("copied");
        if (!copy.read()) {
            Counter.builder("brigade.ingest.unread").description("Objects S3 copied to source without the server"
                    + " reading them (the depositor's SHA-256)").register(meters).increment();
        }
        LOG.info("Ingested {} -> {} ({} bytes, sha256 {}{})", event.url(), copy.target().url(), copy.target().size(),
                copy.sha256(), copy.read() ? "" : ", copied unread");
        return item;
    }

    /** Nothing to write (the version is gone or superseded): the run completes with no output. */
    public IngestItem skipped(IngestItem item, String routeId) {
        ObjectEvent event = item.getEvent();
        openLineage.emit(LineageRun.completed(routeId, event.uploadId(), clock.instant(),
                List.of(new S3Dataset(event.bucket(), event.key(), null, event.size())), List.of()));
        count("skipped");
        LOG.info("Skipped {}: {}", item.getEvent().url(), item.getSkipped());
        return item;
    }

    private Set<String> requiredRoles(String profile) {
        return profiles.profile(profile).map(p -> p.requiredFiles().stream().map(FileRule::role)
                .collect(Collectors.toSet())).orElse(Set.of());
    }

    private static String roleOf(IngestItem item) {
        return item.getClassification() instanceof Classification.Accepted accepted ? accepted.role() : null;
    }

    private void count(String outcome) {
        Counter.builder("brigade.ingest.objects").tag("outcome", outcome)
                .description("Object versions taken by the ingest route, by outcome").register(meters).increment();
    }

    /** The {@code rejections} document of an object version refused by a rule, whichever hop refused it. */
    public static Document rejection(ObjectEvent event, String datasetId, Classification.Rejected rejection,
            Instant time) {
        return original(event)
                .append("_id", event.uploadId())
                .append("datasetId", datasetId)
                .append("profile", rejection.profile())
                .append("rule", rejection.rule())
                .append("message", rejection.message())
                .append("time", Date.from(time));
    }

    private static Document original(ObjectEvent event) {
        return new Document("bucket", event.bucket())
                .append("key", event.key())
                .append("etag", event.eTag())
                .append("sequencer", event.sequencer())
                .append("size", event.size());
    }
}
