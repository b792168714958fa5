package io.bucketbrigade.promote;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.s3.ObjectDigest;
import org.bson.Document;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists an open dataset's files in processed, each with its size and SHA-256 (from its metadata, its catalogue
 * entry for an external output, or read), and compares them with the current manifest: the same contents are the
 * same version, anything else is the next one.
 */
@Component("versionPlanner")
class VersionPlanner {

    private final S3Client s3;
    private final Catalogue catalogue;
    private final Manifests manifests;
    private final String processed;

    VersionPlanner(S3Client s3, Catalogue catalogue, Manifests manifests, BrigadeProperties names) {
        this.s3 = s3;
        this.catalogue = catalogue;
        this.manifests = manifests;
        this.processed = names.buckets().get("processed");
    }

    public VersionPlan plan(GateDecision gate) {
        String datasetId = gate.datasetId();
        Optional<Manifest> current = manifests.current(datasetId);
        List<Manifest.File> files = files(datasetId);
        if (current.isPresent() && current.get().contents().equals(new Manifest(datasetId, null, 0, null, null,
                files).contents())) {
            return new VersionPlan(gate, current.get().version(), current.get().version(), files);
        }
        return new VersionPlan(gate, current.map(Manifest::version).orElse(null),
                current.map(m -> m.version() + 1).orElse(1), files);
    }

    /** Every object of the dataset in processed, with its size and SHA-256, by key within the dataset. */
    private List<Manifest.File> files(String datasetId) {
        Map<String, Document> external = new HashMap<>();
        catalogue.asset(datasetId).ifPresent(a -> a.getList("files", Document.class, List.of()).stream()
                .filter(f -> "external".equals(f.getString("origin"))).forEach(f -> external.put(f.getString("key"), f)));
        List<Manifest.File> files = new java.util.ArrayList<>();
        String prefix = datasetId + "/";
        for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(processed).prefix(prefix)).contents()) {
            String sha256 = Optional.ofNullable(external.get(object.key())).map(f -> f.getString("sha256"))
                    .orElseGet(() -> s3.headObject(h -> h.bucket(processed).key(object.key())).metadata().get("sha256"));
            if (sha256 == null) {
                sha256 = ObjectDigest.of(s3, processed, object.key()).sha256();
            }
            files.add(new Manifest.File(object.key().substring(prefix.length()), object.key(), object.size(), sha256));
        }
        return files;
    }
}
