package io.bucketbrigade.promote;

import java.util.ArrayList;
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
        Map<String, String> uploads = new HashMap<>();
        List<Manifest.File> files = files(datasetId, uploads);
        if (current.isPresent() && !current.get().tombstone() && current.get().contents()
                .equals(new Manifest(datasetId, null, 0, null, null, files).contents())) {
            return new VersionPlan(gate, current.get().version(), current.get().version(), files, uploads,
                    current.get().deprecated());
        }
        return new VersionPlan(gate, current.map(Manifest::version).orElse(null),
                current.map(m -> m.version() + 1).orElse(1), files, uploads,
                current.map(Manifest::deprecated).orElse(List.of()));
    }

    /**
     * Every object of the dataset in processed, with its size and SHA-256, by key within the dataset; puts the
     * upload each comes from (its metadata, or for an external output its catalogue entry) in {@code uploads}.
     */
    private List<Manifest.File> files(String datasetId, Map<String, String> uploads) {
        Map<String, Document> external = new HashMap<>();
        catalogue.asset(datasetId).ifPresent(a -> a.getList("files", Document.class, List.of()).forEach(f -> {
            if ("external".equals(f.getString("origin"))) {
                external.put(f.getString("key"), f);
            }
            if (f.getString("upload") != null) {
                uploads.putIfAbsent(f.getString("key"), f.getString("upload"));
            }
        }));
        List<Manifest.File> files = new ArrayList<>();
        String prefix = datasetId + "/";
        for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(processed).prefix(prefix)).contents()) {
            String sha256;
            if (external.containsKey(object.key())) {
                sha256 = external.get(object.key()).getString("sha256");
            } else {
                Map<String, String> metadata = s3.headObject(h -> h.bucket(processed).key(object.key())).metadata();
                sha256 = metadata.get("sha256");
                if (metadata.get("upload-id") != null) {
                    uploads.put(object.key(), metadata.get("upload-id"));
                }
            }
            if (sha256 == null) {
                sha256 = ObjectDigest.of(s3, processed, object.key()).sha256();
            }
            files.add(new Manifest.File(object.key().substring(prefix.length()), object.key(), object.size(), sha256));
        }
        return files;
    }
}
