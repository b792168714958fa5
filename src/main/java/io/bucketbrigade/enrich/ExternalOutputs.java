package io.bucketbrigade.enrich;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.enrich.extract.Facts;
import io.bucketbrigade.enrich.extract.FileExtractor;
import io.bucketbrigade.ingest.IngestRecords;
import io.bucketbrigade.ingest.KeyRules;
import io.bucketbrigade.ingest.ObjectEvent;
import io.bucketbrigade.profiles.Classification;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.s3.ObjectHeads;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Objects that external pipelines write straight into processed (a Cellenics {@code r.rds}, cell sets …): each
 * is recognised by the profiles ({@code outputs}), checksummed and read for its facts, catalogued in its dataset's
 * asset document with lineage {@code written-externally}, and never overwritten. Objects this server wrote are
 * told apart by their {@code written-by} metadata.
 */
@Component("externalOutputs")
public class ExternalOutputs {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalOutputs.class);

    private final S3Client s3;
    private final ProfileCatalog profiles;
    private final FileExtractor extractor;
    private final Catalogue catalogue;
    private final Lineage lineage;
    private final DatasetRecords datasets;
    private final String processed;

    ExternalOutputs(S3Client s3, ProfileCatalog profiles, FileExtractor extractor, Catalogue catalogue,
            Lineage lineage, DatasetRecords datasets, BrigadeProperties names) {
        this.s3 = s3;
        this.profiles = profiles;
        this.extractor = extractor;
        this.catalogue = catalogue;
        this.lineage = lineage;
        this.datasets = datasets;
        this.processed = names.buckets().get("processed");
    }

    /** @return the dataset the object belongs to, when it is an external output; null otherwise */
    public String record(ObjectEvent event, String routeId) {
        Optional<Classification.Rejected> badName = KeyRules.checkSegments(event.key());
        if (badName.isPresent()) {
            // e.g. '..' segments: such a key would leave its dataset's prefix once copied to a file system
            Classification.Rejected rejection = badName.get();
            catalogue.recordRejection(IngestRecords.rejection(event, "_unassigned", rejection, Instant.now()));
            LOG.warn("External output s3://{}/{} not catalogued ({}): {}", event.bucket(), event.key(),
                    rejection.rule(), rejection.message());
            return null;
        }
        Optional<HeadObjectResponse> found = ObjectHeads.findVersion(s3, event.bucket(), event.key(), event.eTag());
        if (found.isEmpty()) {
            return null; // deleted or replaced since: the newer version has its own event
        }
        HeadObjectResponse head = found.get();
        if (ProcessedWriter.US.equals(head.metadata().get(ProcessedWriter.WRITTEN_BY))) {
            return null; // ours
        }
        Optional<Classification.Accepted> output = profiles.classifyOutput(event.key());
        if (output.isEmpty()) {
            LOG.warn("Object s3://{}/{} in processed belongs to no dataset: not catalogued", event.bucket(),
                    event.key());
            return null;
        }
        Classification.Accepted what = output.get();
        if (datasets.find(what.datasetId()).isEmpty()) {
            LOG.warn("Object s3://{}/{} in processed names dataset {}, which nothing was deposited for: not"
                    + " catalogued", event.bucket(), event.key(), what.datasetId());
            return null;
        }
        Facts facts = extractor.extract(event.bucket(), event.key());
        Document file = new Document("key", event.key())
                .append("role", what.role())
                .append("origin", "external")
                .append("tier", "processed")
                .append("etag", event.eTag())
                .append("upload", event.uploadId())
                .append("sha256", facts.get("sha256"))
                .append("size", facts.get("size"))
                .append("facts", FactsDocuments.facts(facts))
                .append("problems", FactsDocuments.problems(facts))
                .append("updated", Date.from(head.lastModified()));
        catalogue.recordFile(what.datasetId(), what.profile(), "processed",
                "s3://" + processed + "/" + what.datasetId(), file);
        lineage.record(routeId, event.uploadId(), "written-externally", new Document("bucket", event.bucket())
                .append("key", event.key()).append("etag", event.eTag()).append("sha256", facts.get("sha256"))
                .append("size", facts.get("size")).append("datasetId", what.datasetId()).append("role", what.role()));
        datasets.changed(what.datasetId());
        LOG.info("External output s3://{}/{} catalogued in dataset {} as {} ({})", event.bucket(), event.key(),
                what.datasetId(), what.role(), facts.get("format"));
        return what.datasetId();
    }
}
