package io.bucketbrigade.promote;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.enrich.ProcessedChange;
import io.bucketbrigade.idempotency.DynamoDbIdempotentRepository;
import io.bucketbrigade.jobs.Operations;
import io.bucketbrigade.profiles.DatasetProfile;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.records.ObjectLedger;
import io.bucketbrigade.s3.ObjectCopier;
import io.bucketbrigade.s3.ObjectDigest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Publishes a dataset from processed to production, behind its gate: checked in its latest state, {@code Valid},
 * and approved when its profile needs approval. A new version's objects are copied server-side (one CopyObject up
 * to 5 GiB, UploadPartCopy above) under {@code <dataset>/v<N>/}, each verified on the target (size and SHA-256,
 * read back), and the manifest {@code <dataset>/manifest.json} is written last: readers see a version whole or
 * not at all. Older versions leave production only after the new manifest is in place, and only when the profile
 * allows deletes (the current and the previous version stay). Publishing an unchanged dataset again does nothing.
 */
@Component("promoter")
public class Promoter {

    private static final Logger LOG = LoggerFactory.getLogger(Promoter.class);
    private static final Pattern VERSION = Pattern.compile("/v(\\d+)/");

    private final S3Client s3;
    private final ObjectCopier copier;
    private final ObjectLedger ledger;
    private final Catalogue catalogue;
    private final Lineage lineage;
    private final ProfileCatalog profiles;
    private final DynamoDbIdempotentRepository locks;
    private final PromoteProperties properties;
    private final MeterRegistry meters;
    private final String processed;
    private final String production;
    private final Clock clock = Clock.systemUTC();
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    Promoter(S3Client s3, ObjectCopier copier, ObjectLedger ledger, Catalogue catalogue, Lineage lineage,
            ProfileCatalog profiles, @Qualifier("datasetLocks") DynamoDbIdempotentRepository locks,
            PromoteProperties properties, MeterRegistry meters, BrigadeProperties names) {
        this.s3 = s3;
        this.copier = copier;
        this.ledger = ledger;
        this.catalogue = catalogue;
        this.lineage = lineage;
        this.profiles = profiles;
        this.locks = locks;
        this.properties = properties;
        this.meters = meters;
        this.processed = names.buckets().get("processed");
        this.production = names.buckets().get("production");
    }

    /** @return what happened, for the log */
    public String promote(String datasetId, Exchange exchange) {
        return promote(datasetId, exchange, new Operations(false));
    }

    /**
     * Publishes the dataset when its gate is open; every write goes through {@code ops}, so a dry run lists the
     * copies, the manifest and the deletes it would make, and writes nothing (not even a status).
     *
     * @return what happened (or would), for the log
     */
    public String promote(String datasetId, Exchange exchange, Operations ops) {
        String lock = "promote:" + datasetId.strip();
        locks.add(lock);
        try {
            return promoteLocked(datasetId.strip(), exchange, ops);
        } finally {
            locks.remove(lock);
        }
    }

    private String promoteLocked(String datasetId, Exchange exchange, Operations ops) {
        Optional<Map<String, AttributeValue>> found = ledger.experiment(datasetId);
        if (found.isEmpty()) {
            return "no such dataset";
        }
        Map<String, AttributeValue> experiment = found.get();
        String gate = gate(experiment);
        if (gate != null) {
            if (!ops.dryRun()) {
                ledger.tierStatus(datasetId, "production", gate, Map.of());
            }
            LOG.info("Dataset {} not published: {}", datasetId, gate);
            return gate;
        }
        Optional<Manifest> current = manifest(datasetId);
        List<Manifest.File> candidates = candidates(datasetId);
        if (current.isPresent() && current.get().contents().equals(contents(candidates))) {
            if (!ops.dryRun() && !"PUBLISHED".equals(status(experiment, "production"))) {
                ledger.tierStatus(datasetId, "production", "PUBLISHED", Map.of()); // e.g. held, then restored
            }
            return "already published as version " + current.get().version();
        }
        int version = current.map(m -> m.version() + 1).orElse(1);
        String prefix = Manifest.prefix(datasetId, version);
        List<Manifest.File> published = new ArrayList<>();
        for (Manifest.File file : candidates) {
            String target = prefix + file.key();
            if (ops.dryRun()) {
                ops.record("COPY s3://" + processed + "/" + file.object() + " -> s3://" + production + "/" + target);
            } else {
                published.add(publish(datasetId, file, target, version, exchange));
                ops.record("COPY s3://" + processed + "/" + file.object() + " -> s3://" + production + "/" + target
                        + " (verified)");
            }
        }
        String manifestLine = "WRITE s3://" + production + "/" + Manifest.key(datasetId) + " (version " + version
                + ", " + candidates.size() + " files)";
        if (ops.dryRun()) {
            ops.record(manifestLine);
            if (current.isPresent() && profiles.profile(profileOf(experiment)).map(DatasetProfile::deletes)
                    .orElse(false)) {
                versionsBefore(datasetId, version - 1).forEach(key -> ops.record("DELETE s3://" + production + "/"
                        + key + " (older version)"));
            }
            return "would publish version " + version;
        }
        String publishedAt = clock.instant().toString();
        String profile = profileOf(experiment);
        Manifest manifest = new Manifest(datasetId, profile, version, publishedAt, prefix, published);
        byte[] bytes = bytes(manifest);
        ops.apply(manifestLine, () -> s3.putObject(p -> p.bucket(production).key(Manifest.key(datasetId))
                .contentType("application/json")
                .metadata(Map.of("version", Integer.toString(version), "sha256", sha256(bytes))),
                RequestBody.fromBytes(bytes)));
        String manifestUrl = "s3://" + production + "/" + Manifest.key(datasetId);
        ledger.tierStatus(datasetId, "production", "PUBLISHED", Map.of("publishedVersion", version,
                "publishedAt", publishedAt, "productionFiles", published.size(),
                "productionBytes", published.stream().mapToLong(Manifest.File::size).sum()));
        catalogue.recordPublished(datasetId, manifestUrl, version, publishedAt);
        lineage.recordDataset(exchange, datasetId, "published", sha256(bytes), new Document("bucket", production)
                .append("key", Manifest.key(datasetId)).append("version", version).append("files", published.size()));
        Counter.builder("brigade.promote.versions").description("Dataset versions published").register(meters)
                .increment();
        LOG.info("Dataset {} published as version {} ({} files): {}", datasetId, version, published.size(),
                manifestUrl);
        if (current.isPresent() && profiles.profile(profile).map(DatasetProfile::deletes).orElse(false)) {
            List<String> older = versionsBefore(datasetId, version - 1);
            older.forEach(key -> ops.apply("DELETE s3://" + production + "/" + key + " (older version)",
                    () -> s3.deleteObject(d -> d.bucket(production).key(key))));
            if (!older.isEmpty()) {
                LOG.info("Dataset {}: {} object(s) of versions before {} deleted from production", datasetId,
                        older.size(), version - 1);
            }
        }
        return "published version " + version;
    }

    private static String profileOf(Map<String, AttributeValue> experiment) {
        return experiment.containsKey("profile") ? experiment.get("profile").s() : null;
    }

    /** Why the dataset may not be published now, or null when it may. */
    String gate(Map<String, AttributeValue> experiment) {
        String datasetId = experiment.get("experimentId").s();
        Map<String, String> tampered = ObjectLedger.tampered(experiment);
        if (!tampered.isEmpty()) {
            return "HELD: " + ProcessedChange.TAMPERED_RULE + ": " + String.join(", ", tampered.keySet())
                    + " overwritten from outside; restore the server's bytes or check the dataset again (POST"
                    + " /api/datasets/" + datasetId + "/check)";
        }
        String status = status(experiment, "processed");
        AttributeValue checked = experiment.get("checkedVersion");
        if (status == null || checked == null) {
            return "WAITING: not checked yet";
        }
        if (!checked.n().equals(experiment.get("changeVersion").n())) {
            return "WAITING: changed since its last check";
        }
        if (!"Valid".equals(status)) {
            return "HELD: the dataset is " + status;
        }
        boolean needsApproval = profiles.profile(experiment.containsKey("profile") ? experiment.get("profile").s()
                : null).map(DatasetProfile::approvalRequired).orElse(false);
        if (needsApproval && !properties.autoApprove()) {
            Optional<Approvals.Approval> approval = Approvals.Approval.from(experiment);
            if (approval.isEmpty() || approval.get().version() != Long.parseLong(checked.n())) {
                return "AWAITING_APPROVAL";
            }
            if (!approval.get().approved()) {
                return "HELD: rejected by " + approval.get().by()
                        + (approval.get().reason() == null ? "" : " (" + approval.get().reason() + ")");
            }
        }
        LOG.debug("Dataset {} passes the gate", datasetId);
        return null;
    }

    /** Every object of the dataset in processed, with its size and SHA-256, by key within the dataset. */
    private List<Manifest.File> candidates(String datasetId) {
        Map<String, Document> external = new HashMap<>();
        catalogue.asset(datasetId).ifPresent(a -> a.getList("files", Document.class, List.of()).stream()
                .filter(f -> "external".equals(f.getString("origin"))).forEach(f -> external.put(f.getString("key"), f)));
        List<Manifest.File> files = new ArrayList<>();
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

    /** Copies one object to its place in the new version and checks it there: same size, same SHA-256. */
    private Manifest.File publish(String datasetId, Manifest.File file, String target, int version,
            Exchange exchange) {
        HeadObjectResponse existing = head(production, target);
        if (existing == null || !file.sha256().equals(existing.metadata().get("sha256"))
                || existing.contentLength() != file.size()) {
            copier.copy(processed, file.object(), production, target, metadata -> {
                Map<String, String> copy = new HashMap<>(metadata);
                copy.remove("written-by");
                copy.put("sha256", file.sha256());
                copy.put("dataset-version", Integer.toString(version));
                return copy;
            }, null);
        }
        ObjectDigest stored = ObjectDigest.of(s3, production, target);
        if (stored.size() != file.size() || !stored.sha256().equals(file.sha256())) {
            s3.deleteObject(d -> d.bucket(production).key(target));
            throw new IllegalStateException("Verification of s3://" + production + "/" + target + " failed: "
                    + stored.size() + " bytes with SHA-256 " + stored.sha256() + ", expected " + file.size()
                    + " bytes with " + file.sha256());
        }
        String upload = uploadOf(datasetId, file);
        if (upload != null) {
            lineage.record(exchange, upload, "promoted", "promoted-v" + version, new Document("bucket", processed)
                    .append("key", file.object()).append("sha256", file.sha256()).append("datasetId", datasetId)
                    .append("target", new Document("bucket", production).append("key", target)
                            .append("size", stored.size()).append("sha256", stored.sha256())
                            .append("version", version)));
        }
        return new Manifest.File(file.key(), target, stored.size(), stored.sha256());
    }

    /** The upload a processed object comes from: its metadata, or for an external output its catalogue entry. */
    private String uploadOf(String datasetId, Manifest.File file) {
        HeadObjectResponse head = head(processed, file.object());
        if (head != null && head.metadata().get("upload-id") != null) {
            return head.metadata().get("upload-id");
        }
        return catalogue.asset(datasetId).flatMap(a -> a.getList("files", Document.class, List.of()).stream()
                .filter(f -> file.object().equals(f.getString("key")) && f.getString("upload") != null)
                .map(f -> f.getString("upload")).findFirst()).orElse(null);
    }

    /** The objects of versions before {@code oldestKept}: the current and the previous version stay. */
    private List<String> versionsBefore(String datasetId, int oldestKept) {
        List<String> keys = new ArrayList<>();
        for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(production).prefix(datasetId + "/v"))
                .contents()) {
            Matcher version = VERSION.matcher(object.key().substring(datasetId.length()));
            if (version.lookingAt() && Integer.parseInt(version.group(1)) < oldestKept) {
                keys.add(object.key());
            }
        }
        return keys;
    }

    public Optional<Manifest> manifest(String datasetId) {
        try {
            byte[] bytes = s3.getObjectAsBytes(g -> g.bucket(production).key(Manifest.key(datasetId))).asByteArray();
            return Optional.of(json.readValue(bytes, Manifest.class));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("The manifest of " + datasetId + " is not readable: " + e.getMessage(), e);
        }
    }

    static String status(Map<String, AttributeValue> experiment, String tier) {
        return ObjectLedger.status(experiment, tier);
    }

    private static Map<String, String> contents(List<Manifest.File> files) {
        Map<String, String> contents = new java.util.TreeMap<>();
        files.forEach(f -> contents.put(f.key(), f.sha256()));
        return contents;
    }

    private byte[] bytes(Manifest manifest) {
        try {
            return (json.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private HeadObjectResponse head(String bucket, String key) {
        try {
            return s3.headObject(h -> h.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
