package io.bucketbrigade.promote;

import java.util.Map;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.records.DatasetRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records a version once its manifest is in production: the dataset's production status ({@code PUBLISHED},
 * version, files, bytes), its location in the catalogue, and the {@code published} lineage step. A dry run
 * records nothing.
 */
@Component("publicationRecords")
class PublicationRecords {

    private static final Logger LOG = LoggerFactory.getLogger(PublicationRecords.class);

    private final DatasetRecords datasets;
    private final Catalogue catalogue;
    private final Lineage lineage;
    private final Counter versions;
    private final String production;

    PublicationRecords(DatasetRecords datasets, Catalogue catalogue, Lineage lineage, MeterRegistry meters,
            BrigadeProperties names) {
        this.datasets = datasets;
        this.catalogue = catalogue;
        this.lineage = lineage;
        this.versions = Counter.builder("brigade.promote.versions").description("Dataset versions published")
                .register(meters);
        this.production = names.buckets().get("production");
    }

    /** @param routeId the route taking this step, for the lineage */
    public Publication record(Publication publication, String routeId) {
        if (publication.dryRun()) {
            return publication;
        }
        String datasetId = publication.datasetId();
        Manifest manifest = publication.manifest();
        datasets.published(datasetId, manifest.version(), manifest.publishedAt(), manifest.files().size(),
                publication.bytes());
        catalogue.recordPublished(datasetId, publication.manifestUrl(), manifest.version(), manifest.publishedAt());
        lineage.recordDataset(routeId, datasetId, "published", publication.sha256(),
                new Document("bucket", production).append("key", Manifest.key(datasetId))
                        .append("version", manifest.version()).append("files", manifest.files().size()));
        versions.increment();
        LOG.info("Dataset {} published as version {} ({} files): {}", datasetId, manifest.version(),
                manifest.files().size(), publication.manifestUrl());
        return publication;
    }
}
