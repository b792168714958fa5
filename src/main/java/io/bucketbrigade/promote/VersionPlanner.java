package io.bucketbrigade.promote;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.s3.ObjectDigest;
import io.bucketbrigade.s3.ObjectHeads;
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
    private final String production;

    VersionPlanner(S3Client s3, Catalogue catalogue, Manifests manifests, BrigadeProperties names) {
        this.s3 = s3;
        this.catalogue = catalogue;
        this.manifests = manifests;
        this.processed = names.buckets().get("processed");
        this.production = names.buckets().get("production");
    }

    public VersionPlan plan(GateDecision gate) {
        String datasetId = gate.datasetId();
        Optional<Manifest> current = manifests.current(datasetId);
        Map<String, String> uploads = new HashMap<>();
        List<Manifest.File> files = files(datasetId, uploads);
        if (current.isPresent() && !current.get().tombstone() && current.get().contents()
                .equals(new Manifest(datasetId, null, 0, null, null, files).contents())) {
            return new VersionPlan(gate, current.get().version(), current.get().version(), files, uploads,
                    current.get().deprecated(), Set.of());
        }
        int version = current.map(m -> m.version() + 1).orElse(1);
        return new VersionPlan(gate, current.map(Manifest::version).orElse(null), version, files, uploads,
                current.map(Manifest::deprecated).orElse(List.of()),
                // none, unless an earlier attempt at the version stopped before its manifest: one listing for the
                // version instead of a lookup of each file's target
                gate.dryRun() ? Set.of() : VersionObjects.of(s3, production, datasetId, version));
    }

    /**
     * Every object of the dataset in processed, with its size and SHA-256, by key within the dataset; puts the
     * upload each comes from in {@code uploads}. Both come from the catalogue, which enrich filled when it read the
     * object (an external output's entry, or a deposited file's {@code processed} when its ETag is the listed one);
     * only an object the catalogue does not know (a sidecar, an object overwritten since, an entry from before
     * uploads were catalogued) is looked at (its metadata), or read.
     * A copy is verified against the SHA-256 planned here, so a catalogue behind the bucket fails the version
     * rather than publishing bytes nobody checked.
     */
    private List<Manifest.File> files(String datasetId, Map<String, String> uploads) {
        Map<String, Known> known = new HashMap<>();
        catalogue.asset(datasetId).ifPresent(a -> a.getList("files", Document.class, List.of()).forEach(f -> {
            if ("external".equals(f.getString("origin"))) {
                known.put(f.getString("key"), new Known(f.getString("sha256"), f.getString("upload"), null));
                return;
            }
            Document copy = f.get("processed", Document.class);
            if (copy != null && copy.getString("key") != null && copy.getString("sha256") != null
                    && copy.getString("upload") != null && copy.getString("etag") != null) {
                known.put(copy.getString("key"), new Known(copy.getString("sha256"), copy.getString("upload"),
                        copy.getString("etag")));
            }
        }));
        List<Manifest.File> files = new ArrayList<>();
        String prefix = datasetId + "/";
        for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(processed).prefix(prefix)).contents()) {
            Known catalogued = known.get(object.key());
            String sha256;
            String upload;
            if (catalogued != null && catalogued.describes(object)) {
                sha256 = catalogued.sha256();
                upload = catalogued.upload();
            } else {
                Map<String, String> metadata = s3.headObject(h -> h.bucket(processed).key(object.key())).metadata();
                sha256 = metadata.get("sha256");
                upload = metadata.get("upload-id");
            }
            if (upload != null) {
                uploads.put(object.key(), upload);
            }
            if (sha256 == null) {
                sha256 = ObjectDigest.of(s3, processed, object.key()).sha256();
            }
            files.add(new Manifest.File(object.key().substring(prefix.length()), object.key(), object.size(), sha256));
        }
        return files;
    }

    /**
     * What the catalogue says of an object in processed: its SHA-256, the upload it comes from (or null), and for
     * the server's copy of a deposited file the ETag it had (null for an external output, catalogued by its event).
     */
    private record Known(String sha256, String upload, String eTag) {

        /** Whether this is what the bucket holds now (an object overwritten since has another ETag). */
        boolean describes(S3Object object) {
            return eTag == null || ObjectHeads.sameETag(eTag, object.eTag());
        }
    }
}
