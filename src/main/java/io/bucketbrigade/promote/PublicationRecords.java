package io.bucketbrigade.promote;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.openlineage.LineageRun;
import io.bucketbrigade.openlineage.OpenLineageEmitter;
import io.bucketbrigade.openlineage.S3Dataset;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records a version once its manifest is in production: the dataset's production status ({@code PUBLISHED},
 * version, files, bytes), its location in the catalogue, and the {@code published} lineage step; and the version's
 * OpenLineage run, whose inputs are the processed objects and whose output is the version. A dry run records
 * nothing.
 */
@Component("publicationRecords")
class PublicationRecords {

    private static final Logger LOG = LoggerFactory.getLogger(PublicationRecords.class);

    private final DatasetRecords datasets;
    private final Catalogue catalogue;
    private final Lineage lineage;
    private final OpenLineageEmitter openLineage;
    private final Counter versions;
    private final Counter bytes;
    private final Timer latency;
    private final String processed;
    private final String production;

    PublicationRecords(DatasetRecords datasets, Catalogue catalogue, Lineage lineage, OpenLineageEmitter openLineage,
            MeterRegistry meters, BrigadeProperties names) {
        this.datasets = datasets;
        this.catalogue = catalogue;
        this.lineage = lineage;
        this.openLineage = openLineage;
        this.versions = Counter.builder("brigade.promote.versions").description("Dataset versions published")
                .register(meters);
        this.bytes = Counter.builder("brigade.promote.bytes").description("Bytes of the dataset versions published")
                .register(meters);
        this.latency = Timer.builder("brigade.publication.latency")
                .description("From a dataset's last file in source to its version's manifest in production")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofDays(1)).register(meters);
        this.processed = names.buckets().get("processed");
        this.production = names.buckets().get("production");
    }

    /** The version's run begins (OpenLineage START): its inputs are the dataset's files in processed. */
    public void started(VersionPlan plan, String routeId) {
        if (!plan.dryRun()) {
            openLineage.emit(LineageRun.started(routeId, runOf(plan), Instant.now(), inputs(plan)));
        }
    }

    /** @param routeId the route taking this step, for the lineage */
    public Publication record(Publication publication, String routeId) {
        if (publication.dryRun()) {
            return publication;
        }
        String datasetId = publication.datasetId();
        Manifest manifest = publication.manifest();
        Optional<DatasetRecord> recorded = datasets.published(datasetId, manifest.version(),
                manifest.publishedAt(), manifest.files().size(), publication.bytes());
        catalogue.recordPublished(datasetId, publication.manifestUrl(), manifest.version(), manifest.publishedAt());
        lineage.recordDataset(routeId, datasetId, "published", publication.sha256(),
                new Document("bucket", production).append("key", Manifest.key(datasetId))
                        .append("version", manifest.version()).append("files", manifest.files().size()));
        openLineage.emit(LineageRun.completed(routeId, runOf(publication.plan()), Instant.now(),
                inputs(publication.plan()), List.of(new S3Dataset(production, manifest.prefix(), null,
                        publication.bytes()))));
        versions.increment();
        bytes.increment(publication.bytes());
        recorded.map(DatasetRecord::lastIngestedAt).ifPresent(ingested -> latency.record(
                Duration.between(ingested, Instant.parse(manifest.publishedAt()))));
        LOG.info("Dataset {} published as version {} ({} files): {}", datasetId, manifest.version(),
                manifest.files().size(), publication.manifestUrl());
        return publication;
    }

    private static String runOf(VersionPlan plan) {
        return plan.datasetId() + "/v" + plan.version();
    }

    private List<S3Dataset> inputs(VersionPlan plan) {
        return plan.files().stream()
                .map(file -> new S3Dataset(processed, file.object(), file.sha256(), file.size())).toList();
    }
}
