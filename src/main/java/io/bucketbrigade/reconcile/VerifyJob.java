package io.bucketbrigade.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.datasets.StalledDatasets;
import io.bucketbrigade.jobs.Job;
import io.bucketbrigade.jobs.JobRun;
import io.bucketbrigade.promote.Manifest;
import io.bucketbrigade.promote.Manifests;
import io.bucketbrigade.records.CanonicalJson;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.ObjectLedger;
import io.bucketbrigade.s3.ObjectDigest;
import io.bucketbrigade.s3.ObjectHeads;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Verifies a dataset (or every dataset of the environment) across the tiers: every object the ledger, the
 * catalogue and the published manifest name is where they say, with their size and SHA-256 (read and hashed;
 * {@code deep=false} trusts the objects' sha256 metadata), and no tier holds objects none of them names; processed
 * objects held as tampered (overwritten from outside) are reported as such. The report (missing, extra, mismatched,
 * tampered) is stored in S3 as JSON and summed up in the log and the run's result, with the datasets that have
 * stalled (no progress for {@code brigade.stall.after} and no verdict) and what they wait on.
 */
@Component
class VerifyJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(VerifyJob.class);

    /** One finding. */
    record Finding(String problem, String tier, String bucket, String key, String detail) {}

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final ObjectLedger ledger;
    private final DatasetRecords datasetRecords;
    private final Catalogue catalogue;
    private final Manifests manifests;
    private final BrigadeProperties names;
    private final StalledDatasets stalled;

    VerifyJob(S3Client s3, DynamoDbClient dynamoDb, ObjectLedger ledger, DatasetRecords datasetRecords,
            Catalogue catalogue, Manifests manifests,
            BrigadeProperties names, StalledDatasets stalled) {
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.ledger = ledger;
        this.datasetRecords = datasetRecords;
        this.catalogue = catalogue;
        this.manifests = manifests;
        this.names = names;
        this.stalled = stalled;
    }

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String description() {
        return "Compares keys, counts, sizes and SHA-256 across original, source, processed, production and the"
                + " catalogue (parameters dataset, deep); stores a JSON report";
    }

    @Override
    public boolean mutating() {
        return false;
    }

    @Override
    public void check(Map<String, String> parameters) {
        String deep = parameters.getOrDefault("deep", "true");
        if (!deep.equals("true") && !deep.equals("false")) {
            throw new IllegalArgumentException("deep '" + deep + "' is not true (hash every object) or false"
                    + " (trust their sha256 metadata)");
        }
    }

    @Override
    public void run(JobRun run) {
        boolean deep = Boolean.parseBoolean(run.parameter("deep", "true"));
        String only = run.parameter("dataset", null);
        List<String> datasets = new ArrayList<>();
        if (only != null) {
            datasets.add(only);
        } else {
            dynamoDb.scanPaginator(s -> s.tableName(names.tables().get("experiments").name())
                    .projectionExpression("experimentId")).items().forEach(i -> datasets.add(i.get("experimentId").s()));
        }
        run.total(datasets.size());
        List<Finding> findings = new ArrayList<>();
        Map<String, Map<String, String>> stalls = new LinkedHashMap<>();
        long objects = 0;
        for (String dataset : datasets) {
            try {
                Optional<DatasetRecord> experiment = datasetRecords.find(dataset);
                objects += verify(dataset, experiment.map(DatasetRecord::tampered).orElse(Map.of()), deep,
                        findings);
                experiment.flatMap(stalled::of).ifPresent(s -> stalls.put(dataset, s.view()));
            } catch (RuntimeException e) {
                run.error("dataset " + dataset + ": " + e.getMessage());
            }
            run.step();
        }
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("verifiedAt", Instant.now().toString());
        report.put("datasets", datasets);
        report.put("objects", objects);
        report.put("deep", deep);
        report.put("findings", findings);
        report.put("stalled", stalls);
        String key = "_reports/verify/" + (only == null ? "all" : only) + "/" + report.get("verifiedAt") + ".json";
        String bucket = names.buckets().get("processed");
        if (!run.dryRun()) {
            s3.putObject(p -> p.bucket(bucket).key(key).contentType("application/json")
                    .metadata(Map.of("written-by", "bucket-brigade", "role", "report"))
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256),
                    RequestBody.fromBytes(CanonicalJson.bytes(report)));
            run.result("report", "s3://" + bucket + "/" + key);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String problem : List.of("missing", "extra", "mismatched", "tampered")) {
            counts.put(problem, findings.stream().filter(f -> f.problem().equals(problem)).count());
        }
        run.result("objects", objects);
        run.result("counts", counts);
        run.result("stalled", stalls);
        run.result("findings", findings.stream().map(f -> f.problem() + " " + f.tier() + " s3://" + f.bucket() + "/"
                + f.key() + (f.detail() == null ? "" : ": " + f.detail())).toList());
        LOG.info("Verified {} dataset(s), {} object(s): {}{}", datasets.size(), objects, counts,
                findings.isEmpty() ? "" : " " + run.view().get("result"));
    }

    /** @return how many objects were looked at */
    private long verify(String dataset, Map<String, String> tampered, boolean deep,
            List<Finding> findings) {
        long count = 0;
        String original = names.buckets().get("original");
        String source = names.buckets().get("source");
        String processed = names.buckets().get("processed");
        String production = names.buckets().get("production");
        Map<String, Document> catalogued = new HashMap<>();
        catalogue.asset(dataset).ifPresent(a -> a.getList("files", Document.class, List.of())
                .forEach(f -> catalogued.put(f.getString("key"), f)));
        Set<String> expectedSource = new HashSet<>();
        Set<String> expectedProcessed = new HashSet<>();
        for (LedgerEntry entry : ledger.dataset(dataset)) {
            count++;
            HeadObjectResponse head = head(original, entry.objectKey());
            if (head == null) {
                findings.add(new Finding("missing", "original", original, entry.objectKey(), "the deposit is gone"));
            } else if (!head.eTag().replace("\"", "").equals(entry.eTag())) {
                findings.add(new Finding("mismatched", "original", original, entry.objectKey(), "ETag " + head.eTag()
                        + ", ledger " + entry.eTag() + " (a newer upload not ingested yet?)"));
            }
            if (entry.state() != LedgerEntry.State.COPIED) {
                continue;
            }
            expectedSource.add(entry.sourceKey());
            count++;
            check("source", source, entry.sourceKey(), entry.sourceSize(), entry.sourceSha256(), deep, findings);
            Document file = catalogued.get(entry.objectKey());
            if (file == null || !entry.sourceSha256().equals(file.getString("sha256"))) {
                findings.add(new Finding(file == null ? "missing" : "mismatched", "catalogue", "-", entry.objectKey(),
                        file == null ? "no file entry in the asset document"
                                : "catalogued SHA-256 " + file.getString("sha256")));
            }
            Document done = file == null ? null : file.get("processed", Document.class);
            if (done != null && done.getString("key") != null) {
                expectedProcessed.add(done.getString("key"));
                count++;
                check("processed", processed, done.getString("key"), ((Number) done.get("size")).longValue(),
                        done.getString("sha256"), deep, findings);
            }
        }
        tampered.forEach((key, why) -> findings.add(new Finding("tampered", "processed", processed, key, why)));
        catalogued.values().stream().filter(f -> "external".equals(f.getString("origin")))
                .forEach(f -> expectedProcessed.add(f.getString("key")));
        Optional<Manifest> manifest = manifests.current(dataset);
        Set<String> expectedProduction = new HashSet<>();
        if (manifest.isPresent()) {
            expectedProduction.add(Manifest.key(dataset));
            for (Manifest.File file : manifest.get().files()) {
                expectedProduction.add(file.object());
                count++;
                check("production", production, file.object(), file.size(), file.sha256(), deep, findings);
            }
        }
        extras("source", source, dataset, expectedSource, key -> false, findings);
        extras("processed", processed, dataset, expectedProcessed, key -> ours(processed, key), findings);
        // older versions are expected; so is every version kept under a retracted dataset's tombstone
        String current = manifest.map(m -> m.tombstone() ? "" : m.prefix()).orElse(null);
        extras("production", production, dataset, expectedProduction,
                key -> current != null && (current.isEmpty() || !key.startsWith(current))
                        && key.matches(".*/v\\d+/.*"), findings);
        return count;
    }

    private void check(String tier, String bucket, String key, long size, String sha256, boolean deep,
            List<Finding> findings) {
        HeadObjectResponse head = head(bucket, key);
        if (head == null) {
            findings.add(new Finding("missing", tier, bucket, key, null));
            return;
        }
        if (head.contentLength() != size) {
            findings.add(new Finding("mismatched", tier, bucket, key, head.contentLength() + " bytes, expected "
                    + size));
            return;
        }
        String actual = deep ? ObjectDigest.of(s3, bucket, key).sha256() : head.metadata().get("sha256");
        if (!sha256.equals(actual)) {
            findings.add(new Finding("mismatched", tier, bucket, key, "SHA-256 " + actual + ", expected " + sha256));
        }
    }

    /** Objects under the dataset's prefix that nothing names (sidecars and older versions are expected). */
    private void extras(String tier, String bucket, String dataset, Set<String> expected,
            java.util.function.Predicate<String> alsoExpected, List<Finding> findings) {
        s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(dataset + "/")).contents().stream()
                .filter(o -> !expected.contains(o.key()) && !alsoExpected.test(o.key()))
                .forEach(o -> findings.add(new Finding("extra", tier, bucket, o.key(), o.size() + " bytes")));
    }

    /** What this server wrote to processed besides the copies (sidecars, core schema files and their copies). */
    private boolean ours(String bucket, String key) {
        HeadObjectResponse head = head(bucket, key);
        return head != null && "bucket-brigade".equals(head.metadata().get("written-by"));
    }

    private HeadObjectResponse head(String bucket, String key) {
        return ObjectHeads.find(s3, bucket, key).orElse(null);
    }
}
