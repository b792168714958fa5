package io.bucketbrigade.promote;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.openlineage.LineageRun;
import io.bucketbrigade.openlineage.OpenLineageEmitter;
import io.bucketbrigade.openlineage.S3Dataset;
import io.bucketbrigade.profiles.DatasetProfile;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.Lineage;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * The steps of a retraction (routes/processed-to-production.camel.yaml, route {@code retract-dataset}): what it
 * takes, the records, the tombstone, the objects. A dry run lists each operation and writes nothing.
 */
@Component("retractions")
public class Retractions {

    private static final Logger LOG = LoggerFactory.getLogger(Retractions.class);
    /** DeleteObjects takes up to this many keys a request. */
    private static final int DELETE_BATCH = 1000;

    private final S3Client s3;
    private final DatasetRecords datasets;
    private final Manifests manifests;
    private final ProfileCatalog profiles;
    private final Catalogue catalogue;
    private final Lineage lineage;
    private final OpenLineageEmitter openLineage;
    private final String production;
    private final Clock clock;

    @Autowired
    Retractions(S3Client s3, DatasetRecords datasets, Manifests manifests, ProfileCatalog profiles,
            Catalogue catalogue, Lineage lineage, OpenLineageEmitter openLineage, BrigadeProperties names) {
        this(s3, datasets, manifests, profiles, catalogue, lineage, openLineage, names, Clock.systemUTC());
    }

    Retractions(S3Client s3, DatasetRecords datasets, Manifests manifests, ProfileCatalog profiles,
            Catalogue catalogue, Lineage lineage, OpenLineageEmitter openLineage, BrigadeProperties names,
            Clock clock) {
        this.s3 = s3;
        this.datasets = datasets;
        this.manifests = manifests;
        this.profiles = profiles;
        this.catalogue = catalogue;
        this.lineage = lineage;
        this.openLineage = openLineage;
        this.production = names.buckets().get("production");
        this.clock = clock;
    }

    /**
     * Whether the dataset can be retracted, and what that takes: the versions, the objects to delete; or, for one
     * retracted already whose profile deletes its objects, the objects still left in production.
     */
    public RetractionPlan plan(RetractionRequest request) {
        String datasetId = request.datasetId();
        Optional<DatasetRecord> record = datasets.find(datasetId);
        if (record.isEmpty()) {
            return RetractionPlan.refused(request, RetractionPlan.Verdict.NO_DATASET, "No dataset '" + datasetId + "'");
        }
        Optional<Manifest> current = manifests.current(datasetId);
        if (current.isEmpty()) {
            return RetractionPlan.refused(request, RetractionPlan.Verdict.NOT_PUBLISHED, "Dataset '" + datasetId
                    + "' is not published: there is nothing to retract");
        }
        DatasetRecord dataset = record.get();
        boolean deletes = profiles.profile(dataset.profile()).map(DatasetProfile::retractionDeletes).orElse(false);
        SortedMap<Integer, List<String>> versions = current.get().tombstone() && !deletes ? new TreeMap<>()
                : VersionObjects.of(s3, production, datasetId);
        if (current.get().tombstone()) {
            Manifest.Withdrawal withdrawal = current.get().retracted();
            if (!versions.isEmpty()) { // the deletes of that retraction were cut short: resumed
                return new RetractionPlan(new RetractionRequest(datasetId, withdrawal.reason(), withdrawal.by(),
                        request.operations()), RetractionPlan.Verdict.DELETES_LEFT, null, dataset.profile(),
                        current.get(), withdrawal.versions(),
                        versions.values().stream().flatMap(List::stream).toList(),
                        dataset.retraction() == null ? 0 : dataset.retraction().checkedVersion(), withdrawal.at());
            }
            return RetractionPlan.refused(request, RetractionPlan.Verdict.NOT_PUBLISHED, "Dataset '" + datasetId
                    + "' was retracted already, at " + withdrawal.at() + " by " + withdrawal.by() + " ("
                    + withdrawal.reason() + ")");
        }
        return new RetractionPlan(request, RetractionPlan.Verdict.RETRACTABLE, null, dataset.profile(),
                current.get(), List.copyOf(versions.keySet()),
                deletes ? versions.values().stream().flatMap(List::stream).toList() : List.of(),
                Math.max(0, Math.max(dataset.checkedVersion(), dataset.changeVersion())), clock.instant().toString());
    }

    /**
     * The dataset's record first ({@code RETRACTED}: the gate keeps it out from now on), then the catalogue and
     * the lineage.
     *
     * @param routeId the route taking this step, for the lineage
     */
    public RetractionPlan record(RetractionPlan plan, String routeId) {
        String datasetId = plan.datasetId();
        String location = "s3://" + production + "/" + Manifest.key(datasetId);
        plan.request().operations().apply("RECORD dataset " + datasetId + " RETRACTED: " + plan.request().reason()
                + " (by " + plan.request().by() + ", versions " + plan.withdrawn() + ")", () -> {
                    datasets.retracted(datasetId, plan.retraction());
                    catalogue.recordRetracted(datasetId, location, plan.retraction());
                    lineage.recordDataset(routeId, datasetId, "retracted", "retraction:" + plan.at(),
                            new Document("bucket", production).append("key", Manifest.key(datasetId))
                                    .append("versions", plan.withdrawn()).append("reason", plan.request().reason())
                                    .append("by", plan.request().by()));
                    openLineage.emit(LineageRun.started(routeId, runOf(plan), clock.instant(), versions(plan)));
                });
        return plan;
    }

    /** Replaces the manifest by the tombstone: from now on readers see the dataset withdrawn. */
    public RetractionPlan tombstone(RetractionPlan plan, String routeId) {
        manifests.tombstone(plan);
        if (!plan.dryRun() && !plan.deletesObjects()) {
            completed(plan, routeId);
        }
        if (!plan.dryRun()) {
            LOG.warn("Dataset {} retracted by {} ({}): versions {} withdrawn, {}", plan.datasetId(),
                    plan.request().by(), plan.request().reason(), plan.withdrawn(), plan.deletesObjects()
                            ? plan.objects().size() + " object(s) to delete" : "objects kept under the tombstone");
        }
        return plan;
    }

    /** Deletes the withdrawn versions' objects ({@code promote.retraction: delete}), a thousand a request. */
    public RetractionPlan deleteObjects(RetractionPlan plan, String routeId) {
        List<String> keys = plan.objects();
        for (int from = 0; from < keys.size(); from += DELETE_BATCH) {
            List<String> batch = keys.subList(from, Math.min(keys.size(), from + DELETE_BATCH));
            batch.forEach(key -> plan.request().operations().record("DELETE s3://" + production + "/" + key
                    + " (retracted)"));
            if (!plan.dryRun()) {
                var failed = s3.deleteObjects(d -> d.bucket(production).delete(del -> del.quiet(true)
                        .objects(batch.stream().map(k -> ObjectIdentifier.builder().key(k).build()).toList())))
                        .errors();
                if (!failed.isEmpty()) {
                    throw new IllegalStateException("Retraction of " + plan.datasetId() + ": " + failed.size()
                            + " object(s) not deleted from production, e.g. " + failed.get(0).key() + ": "
                            + failed.get(0).message());
                }
            }
        }
        if (!plan.dryRun()) {
            completed(plan, routeId);
        }
        return plan;
    }

    /** The retraction's OpenLineage run: it reads the withdrawn versions and writes the tombstone. */
    private void completed(RetractionPlan plan, String routeId) {
        openLineage.emit(LineageRun.completed(routeId, runOf(plan), clock.instant(), versions(plan),
                List.of(new S3Dataset(production, Manifest.key(plan.datasetId()), null, null))));
    }

    private static String runOf(RetractionPlan plan) {
        return plan.datasetId() + "/retraction/" + plan.at();
    }

    private List<S3Dataset> versions(RetractionPlan plan) {
        return plan.withdrawn().stream()
                .map(version -> new S3Dataset(production, Manifest.prefix(plan.datasetId(), version), null, null))
                .toList();
    }
}
