package io.bucketbrigade.datasets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.promote.Manifest;
import io.bucketbrigade.promote.Manifests;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import org.bson.Document;
import org.springframework.stereotype.Component;

/**
 * A dataset as operators and curators see it, for the API and the console: status per tier, files and bytes per
 * tier, checks, summary, each sample's verdict, published version, approval, retraction, and what it waits on when
 * it has stalled.
 */
@Component
public class DatasetViews {

    private final DatasetRecords datasets;
    private final Catalogue catalogue;
    private final Manifests manifests;
    private final ProfileCatalog profiles;
    private final StalledDatasets stalled;

    DatasetViews(DatasetRecords datasets, Catalogue catalogue, Manifests manifests, ProfileCatalog profiles,
            StalledDatasets stalled) {
        this.datasets = datasets;
        this.catalogue = catalogue;
        this.manifests = manifests;
        this.profiles = profiles;
        this.stalled = stalled;
    }

    /** The dataset's view; empty when no dataset has this id. */
    public Optional<Map<String, Object>> of(String datasetId) {
        return datasets.find(datasetId).map(experiment -> view(datasetId, experiment,
                catalogue.asset(datasetId).orElse(new Document()), manifests.current(datasetId).orElse(null)));
    }

    /**
     * The dataset's view from its catalogue entry and manifest read already (by a page that shows them too).
     *
     * @param asset    the dataset's asset document (empty when it has none)
     * @param manifest the manifest production holds for it, or null
     */
    public Optional<Map<String, Object>> of(String datasetId, Document asset, Manifest manifest) {
        return datasets.find(datasetId).map(experiment -> view(datasetId, experiment, asset, manifest));
    }

    private Map<String, Object> view(String datasetId, DatasetRecord experiment, Document asset, Manifest manifest) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("datasetId", datasetId);
        view.put("profile", experiment.profile());
        view.put("location", asset.getString("location"));
        view.put("status", experiment.status().view());
        view.put("metadataStatus", asset.getString("metadata_status"));
        view.put("checks", experiment.checked() ? experiment.checks() : null);
        Object summary = experiment.checked() ? experiment.summary() : null;
        view.put("summary", summary);
        // each sample's own verdict (profiles with samples): one bad sample keeps the whole dataset unpublished
        view.put("samples", summary instanceof Map<?, ?> figures ? figures.get("samples") : null);
        DatasetRecord.Counts counts = experiment.counts();
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("original", counts.originalFiles());
        files.put("source", counts.sourceFiles());
        files.put("processed", counts.processedFiles());
        files.put("production", counts.productionFiles());
        files.put("rejected", counts.rejectedFiles());
        Map<String, Object> bytes = new LinkedHashMap<>();
        bytes.put("original", counts.originalBytes());
        bytes.put("source", counts.sourceBytes());
        bytes.put("processed", counts.processedBytes());
        bytes.put("production", counts.productionBytes());
        view.put("files", files);
        view.put("bytes", bytes);
        view.put("approvalRequired", profiles.profile(experiment.profile()).map(p -> p.approvalRequired())
                .orElse(false));
        view.put("approval", experiment.approval() == null ? null : experiment.approval().view());
        view.put("tampered", experiment.tampered());
        view.put("published", manifest == null || manifest.tombstone() ? null : Map.of("version",
                manifest.version(), "publishedAt", manifest.publishedAt(), "prefix", manifest.prefix(), "files",
                manifest.files().size(), "deprecated", manifest.deprecated()));
        view.put("retraction", experiment.retraction() == null ? null : experiment.retraction().view());
        view.put("stalled", stalled.of(experiment).map(Stall::view).orElse(null));
        view.put("createdDate", experiment.created() == null ? null : experiment.created().toString());
        view.put("lastModified", experiment.lastModified() == null ? null : experiment.lastModified().toString());
        return view;
    }
}
