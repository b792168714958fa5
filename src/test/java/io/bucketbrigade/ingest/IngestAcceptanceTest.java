package io.bucketbrigade.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.bucketbrigade.checksum.Checksums;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.ObjectLedger;
import io.bucketbrigade.records.TenxSamples;
import io.bucketbrigade.routefiles.RouteFiles;
import io.bucketbrigade.support.AwsCli;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Deposits;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.SharedLocalStack;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The ingest acceptance, as a depositor does it: `aws s3 sync` of a 10x experiment, an AIND asset, a Cell Painting
 * plate subtree and a CryoET run into the original bucket, and nothing else. Every file reaches source at its
 * standardized key with its checksums, and the ledger, experiment, sample, asset and lineage records exist.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=acceptance", "brigade.watcher.period=300ms"})
class IngestAcceptanceTest {

    @Autowired
    S3Client s3;
    @Autowired
    ObjectLedger ledger;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    TenxSamples tenxSamples;
    @Autowired
    Catalogue catalogue;
    @Autowired
    MongoClient mongo;
    @Autowired
    BrigadeProperties names;
    @Autowired
    RouteFiles routeFiles;
    @Autowired
    MeterRegistry meters;

    static final Deposits deposits = new Deposits(Fixtures.experimentId());
    static Map<String, String> originalETags;
    @TempDir
    static Path folder;

    /**
     * Deposits once for the class and waits until every file is recorded. Called by each test: the test support
     * starts Camel just before the test method runs, after @BeforeAll and @BeforeEach.
     */
    void depositAndWait() {
        if (originalETags != null) {
            return;
        }
        deposits.writeTo(folder);
        new AwsCli(SharedLocalStack.get().ports()).s3("sync", "--no-progress", folder.toString(),
                "s3://" + names.buckets().get("original") + "/");
        originalETags = eTags(names.buckets().get("original"));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(deposits.files.keySet())
                .allSatisfy(key -> assertThat(ledger.find(Deposits.datasetOf(key), key)).as(key)
                        .hasValueSatisfying(e -> assertThat(e.state()).isEqualTo(LedgerEntry.State.COPIED))));
    }

    @Test
    void everyFileReachesSourceAtItsStandardizedKey() {
        depositAndWait();
        Set<String> sourceKeys = new TreeSet<>(eTags(names.buckets().get("source")).keySet());

        assertThat(sourceKeys).containsAll(deposits.expectedSourceKeys.values());
        assertThat(sourceKeys.stream().filter(key -> key.startsWith(deposits.experiment) || key.startsWith(
                Deposits.AIND) || key.startsWith(Deposits.CELL_PAINTING) || key.startsWith(Deposits.CRYOET + "/")))
                .containsExactlyInAnyOrderElementsOf(deposits.expectedSourceKeys.values());
    }

    @Test
    void filesStoredAsTheyCameCarryTheSha256OfTheUploadedBytes() {
        depositAndWait();
        deposits.expectedSourceKeys.forEach((original, target) -> {
            byte[] uploaded = deposits.files.get(original);
            HeadObjectResponse head = s3.headObject(h -> h.bucket(names.buckets().get("source")).key(target));
            byte[] stored = s3.getObjectAsBytes(g -> g.bucket(names.buckets().get("source")).key(target)).asByteArray();
            assertThat(head.metadata()).as(target)
                    .containsEntry("original-sha256", Fixtures.sha256(uploaded))
                    .containsEntry("sha256", Fixtures.sha256(stored))
                    .containsEntry("original-bucket", names.buckets().get("original"))
                    // URL-encoded, as S3 user metadata is ASCII ('+' for a space, as in S3 event keys)
                    .containsEntry("original-key", java.net.URLEncoder.encode(original,
                            java.nio.charset.StandardCharsets.UTF_8).replace("%2F", "/"))
                    .containsEntry("original-etag", originalETags.get(original))
                    .containsKeys("ingested-at", "profile", "dataset-id");
            if (deposits.storedAsIs(original)) {
                assertThat(stored).as(target).isEqualTo(uploaded);
                assertThat(head.metadata()).as(target).containsEntry("sha256", Fixtures.sha256(uploaded));
            } else {
                assertThat(Fixtures.gunzip(stored)).as(target + " is the gzipped upload").isEqualTo(uploaded);
            }
        });
    }

    @Test
    void theOriginalsAreUntouched() {
        depositAndWait();
        assertThat(eTags(names.buckets().get("original"))).containsAllEntriesOf(originalETags);
        deposits.files.forEach((key, bytes) -> assertThat(s3.getObjectAsBytes(g -> g.bucket(
                names.buckets().get("original")).key(key)).asByteArray()).as(key).isEqualTo(bytes));
    }

    @Test
    void eachDatasetHasItsExperimentItemWithCountsPerTier() {
        depositAndWait();
        Map<String, Integer> files = Map.of(deposits.experiment, 9, Deposits.AIND, 4, Deposits.CELL_PAINTING, 5,
                Deposits.CRYOET, 3);
        files.forEach((dataset, count) -> {
            DatasetRecord experiment = datasets.find(dataset).orElseThrow();
            assertThat(experiment.name()).isEqualTo(dataset);
            assertThat(experiment.counts().sourceFiles()).as(dataset).isEqualTo(count.longValue());
            assertThat(experiment.counts().originalFiles()).as(dataset).isEqualTo(count.longValue());
            assertThat(experiment.counts().rejectedFiles()).as(dataset).isZero();
            assertThat(experiment.status().original()).isEqualTo(DatasetRecord.OriginalStatus.RECEIVED);
            assertThat(experiment.status().source()).isEqualTo(DatasetRecord.SourceStatus.INGESTED);
            assertThat(experiment.location())
                    .isEqualTo("s3://" + names.buckets().get("source") + "/" + dataset);
        });
        long originalBytes = deposits.files.entrySet().stream()
                .filter(e -> e.getKey().startsWith(deposits.experiment)).mapToLong(e -> e.getValue().length).sum();
        assertThat(datasets.find(deposits.experiment).orElseThrow().counts().originalBytes())
                .isEqualTo(originalBytes);
    }

    @Test
    void theLedgerHoldsEachObjectWithItsChecksumsAndTierLocations() {
        depositAndWait();
        deposits.expectedSourceKeys.forEach((original, target) -> {
            LedgerEntry entry = ledger.find(Deposits.datasetOf(original), original).orElseThrow();
            assertThat(entry.originalSha256()).isEqualTo(Fixtures.sha256(deposits.files.get(original)));
            assertThat(entry.size()).isEqualTo(deposits.files.get(original).length);
            assertThat(entry.sourceKey()).isEqualTo(target);
            assertThat(entry.eTag()).isEqualTo(originalETags.get(original));
            assertThat(entry.originalMd5()).hasSize(32);
        });
    }

    @Test
    void everySampleOfTheExperimentIsComplete() {
        depositAndWait();
        Map<String, TenxSamples.Sample> samples = tenxSamples.of(deposits.experiment).orElseThrow();

        assertThat(samples).containsOnlyKeys("gz-sample", "plain-sample", Deposits.GEO_SAMPLE);
        samples.values().forEach(sample -> {
            assertThat(sample.complete()).isTrue();
            assertThat(sample.type()).isEqualTo("10X Chromium");
            assertThat(sample.fileNames()).containsExactly("barcodes.tsv.gz", "features.tsv.gz", "matrix.mtx.gz");
            assertThat(sample.files()).containsOnlyKeys("barcodes", "features", "matrix");
        });
    }

    @Test
    void eachDatasetHasAnAssetDocumentInTheAindRecordShape() {
        depositAndWait();
        for (String dataset : List.of(deposits.experiment, Deposits.AIND, Deposits.CELL_PAINTING, Deposits.CRYOET)) {
            Document asset = catalogue.asset(dataset).orElseThrow();
            assertThat(asset.getString("_id")).isEqualTo(Catalogue.assetId(dataset));
            assertThat(asset.getString("name")).isEqualTo(dataset);
            // location moves on with the dataset (processed, then production); each tier keeps its own
            assertThat(asset.get("tiers", Document.class).get("source", Document.class).getString("location"))
                    .isEqualTo("s3://" + names.buckets().get("source") + "/" + dataset);
            assertThat(asset.getString("location")).startsWith("s3://brigade-");
            assertThat(asset.getString("metadata_status")).isIn("Unknown", "Valid", "Invalid", "Missing"); // enrich sets it
            assertThat(asset).containsKeys("created", "last_modified", "subject", "data_description", "tiers");
            assertThat(asset.getList("files", Document.class)).extracting(f -> f.getString("key"))
                    .containsExactlyInAnyOrderElementsOf(deposits.files.keySet().stream()
                            .filter(key -> Deposits.datasetOf(key).equals(dataset)).toList());
        }
        assertThat(catalogue.asset(Deposits.CRYOET).orElseThrow().getList("files", Document.class))
                .anySatisfy(f -> assertThat(f.get("found", Document.class)).containsEntry("voxelSpacing", "13.480"));
    }

    @Test
    void eachFileHasOneLineageEventPerStepNamingTheRouteAndItsFileVersion() {
        depositAndWait();
        String version = routeFiles.status("original-to-source.camel.yaml").orElseThrow().version();
        var lineage = mongo.getDatabase(names.database()).getCollection("lineage");
        deposits.files.keySet().forEach(key -> {
            List<Document> events = lineage.find(Filters.and(Filters.eq("bucket", names.buckets().get("original")),
                    Filters.eq("key", key))).into(new java.util.ArrayList<>());
            assertThat(events).as(key).extracting(e -> e.getString("step"))
                    .containsExactlyInAnyOrder("received", "validated", "copied");
            assertThat(events).as(key).allSatisfy(e -> {
                assertThat(e.getString("routeId")).isEqualTo("ingest-object");
                assertThat(e.getString("routeFile")).isEqualTo("original-to-source.camel.yaml");
                assertThat(e.getString("routeVersion")).isEqualTo(version);
                assertThat(e.getString("etag")).isEqualTo(originalETags.get(key));
            });
            Document copied = events.stream().filter(e -> e.getString("step").equals("copied")).findFirst()
                    .orElseThrow();
            assertThat(copied.getString("sha256")).isEqualTo(Fixtures.sha256(deposits.files.get(key)));
            assertThat(copied.get("target", Document.class).getString("key"))
                    .isEqualTo(deposits.expectedSourceKeys.get(key));
        });
    }

    /**
     * A depositor who sends the SHA-256 of a file (`x-amz-checksum-sha256`, which S3 checks and stores) spares the
     * server a read when the file needs none: S3 copies it to source. A file that needs a read is read all the same,
     * as is a file below brigade.ingest.unread-copy-from-bytes, and a multipart upload's checksum of its parts does
     * not count.
     */
    @Test
    void aFileWhoseDepositorSentItsSha256AndThatNeedsNoReadIsCopiedUnread() {
        String original = names.buckets().get("original");
        String dataset = "depositor-sha256-" + Fixtures.experimentId().substring(0, 8);
        byte[] content = Fixtures.random(1536 * 1024, 11); // above brigade.ingest.unread-copy-from-bytes
        byte[] small = Fixtures.random(100_000, 12);
        byte[] large = Fixtures.random(11 * 1024 * 1024, 13);
        putWithTheCli(dataset + "/sent-sha256.bin", content);
        put(dataset + "/sent-crc32.bin", content, ChecksumAlgorithm.CRC32);
        putWithTheCli(dataset + "/small.bin", small);
        putWithTheCli(dataset + "/not-gzip.gz", content);
        putInTwoParts(dataset + "/two-parts.bin", large);
        Map<String, byte[]> copied = Map.of("sent-sha256.bin", content, "sent-crc32.bin", content,
                "small.bin", small, "two-parts.bin", large);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(List.of("sent-sha256.bin",
                "sent-crc32.bin", "small.bin", "not-gzip.gz", "two-parts.bin"))
                .allSatisfy(file -> assertThat(ledger.find(dataset, dataset + "/" + file)).as(file).isPresent()));

        copied.forEach((file, uploaded) -> {
            LedgerEntry entry = ledger.find(dataset, dataset + "/" + file).orElseThrow();
            assertThat(entry.state()).as(file).isEqualTo(LedgerEntry.State.COPIED);
            assertThat(entry.originalSha256()).as(file).isEqualTo(Fixtures.sha256(uploaded));
            assertThat(s3.getObjectAsBytes(g -> g.bucket(names.buckets().get("source")).key(entry.sourceKey()))
                    .asByteArray()).as(file).isEqualTo(uploaded);
            assertThat(s3.headObject(h -> h.bucket(names.buckets().get("source")).key(entry.sourceKey())).metadata())
                    .as(file).containsEntry("sha256", Fixtures.sha256(uploaded))
                    .containsEntry("original-sha256", Fixtures.sha256(uploaded));
            Document validated = mongo.getDatabase(names.database()).getCollection("lineage").find(Filters.and(
                    Filters.eq("bucket", original), Filters.eq("key", dataset + "/" + file),
                    Filters.eq("step", "validated"))).first();
            boolean unread = file.equals("sent-sha256.bin");
            assertThat(validated).as(file).isNotNull();
            assertThat(validated.getBoolean("read")).as(file + " read").isEqualTo(!unread);
            assertThat(validated.getString("md5")).as(file + " MD5, known only when read")
                    .isEqualTo(unread ? null : Checksums.md5Hex(uploaded));
            assertThat(entry.originalMd5()).as(file).isEqualTo(unread ? null : Checksums.md5Hex(uploaded));
        });
        assertThat(meters.counter("brigade.ingest.unread").count()).isEqualTo(1.0);
        assertThat(ledger.find(dataset, dataset + "/not-gzip.gz").orElseThrow())
                .extracting(LedgerEntry::state, LedgerEntry::rule)
                .containsExactly(LedgerEntry.State.REJECTED, "not-gzip");
    }

    /** As the README says a depositor sends a file's SHA-256: `aws s3api put-object --checksum-algorithm SHA256`. */
    private void putWithTheCli(String key, byte[] content) {
        Path file = folder.resolve("cli-" + key.replace('/', '-'));
        try {
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new AwsCli(SharedLocalStack.get().ports()).s3api("put-object", "--bucket", names.buckets().get("original"),
                "--key", key, "--body", file.toString(), "--checksum-algorithm", "SHA256");
    }

    private void put(String key, byte[] content, ChecksumAlgorithm checksum) {
        s3.putObject(p -> p.bucket(names.buckets().get("original")).key(key).checksumAlgorithm(checksum),
                RequestBody.fromBytes(content));
    }

    /** A multipart upload whose parts carry their SHA-256: S3 stores a checksum of the parts' checksums. */
    private void putInTwoParts(String key, byte[] content) {
        String bucket = names.buckets().get("original");
        String upload = s3.createMultipartUpload(c -> c.bucket(bucket).key(key)
                .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        int half = 6 * 1024 * 1024;
        List<CompletedPart> parts = new ArrayList<>();
        for (int number = 1; number <= 2; number++) {
            byte[] part = number == 1 ? Arrays.copyOfRange(content, 0, half)
                    : Arrays.copyOfRange(content, half, content.length);
            int partNumber = number;
            var uploaded = s3.uploadPart(u -> u.bucket(bucket).key(key).uploadId(upload).partNumber(partNumber)
                    .checksumSHA256(Checksums.s3Sha256(Checksums.sha256Hex(part))), RequestBody.fromBytes(part));
            parts.add(CompletedPart.builder().partNumber(partNumber).eTag(uploaded.eTag())
                    .checksumSHA256(uploaded.checksumSHA256()).build());
        }
        s3.completeMultipartUpload(c -> c.bucket(bucket).key(key).uploadId(upload)
                .multipartUpload(m -> m.parts(parts)));
    }

    private Map<String, String> eTags(String bucket) {
        Map<String, String> eTags = new java.util.HashMap<>();
        s3.listObjectsV2Paginator(l -> l.bucket(bucket)).contents()
                .forEach((S3Object o) -> eTags.put(o.key(), o.eTag().replace("\"", "")));
        return eTags;
    }
}
