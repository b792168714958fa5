package io.bucketbrigade.promote;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * version, files, bytes), its location in the catalogue, and in one insert the {@code promoted} lineage step of each
 * file's upload (its copy verified in this version) and the dataset's {@code published} step; and the version's
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
        List<Document> steps = new ArrayList<>();
        publication.plan().copies().stream().filter(copy -> copy.upload() != null)
                .forEach(copy -> steps.add(promoted(copy, routeId)));
        steps.add(lineage.datasetEvent(routeId, datasetId, "published", publication.sha256(),
                new Document("bucket", production).append("key", Manifest.key(datasetId))
                        .append("version", manifest.version()).append("files", manifest.files().size())));
        lineage.recordAll(steps);
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

    /** The {@code promoted} step of a file's upload: its copy in this version, verified. */
    private Document promoted(VersionPlan.FileCopy copy, String routeId) {
        Manifest.File file = copy.file();
        return lineage.event(routeId, copy.upload(), "promoted", "promoted-v" + copy.version(),
                new Document("bucket", processed).append("key", file.object()).append("sha256", file.sha256())
                        .append("datasetId", copy.datasetId())
                        .append("target", new Document("bucket", production).append("key", copy.target())
                                .append("size", file.size()).append("sha256", file.sha256())
                                .append("version", copy.version())));
    }

    private static String runOf(VersionPlan plan) {
        return plan.datasetId() + "/v" + plan.version();
    }

    private List<S3Dataset> inputs(VersionPlan plan) {
        return plan.files().stream()
                .map(file -> new S3Dataset(processed, file.object(), file.sha256(), file.size())).toList();
    }
}
