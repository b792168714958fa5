package io.bucketbrigade.ingest;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.mrc;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.ObjectLedger;
import io.bucketbrigade.support.AwsCli;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.SharedLocalStack;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One upload per naming and content rule: each gets exactly one rejection record whose rule and message say what
 * is wrong, the original stays byte-identical, and nothing of it reaches source. Keys that S3 itself cannot store
 * (traversal, empty segments, over 1,024 bytes) arrive as events, as from a bucket that could.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=rejections", "brigade.watcher.period=300ms"})
class IngestRejectionsTest {

    static final String DATASET = "rejects-" + System.nanoTime();
    static final String EXPERIMENT = Fixtures.experimentId();
    static final String AIND = "ecephys_" + (100000 + System.nanoTime() % 900000) + "_2024-01-01_00-00-00";
    static final String CRYOET = Long.toString(20000 + System.nanoTime() % 10000);

    /** Uploaded key to [bytes, rule, a phrase the message must contain]. */
    static final Map<String, Object[]> UPLOADS = new LinkedHashMap<>();
    /** Announced-only key to [rule, phrase]. */
    static final Map<String, String[]> ANNOUNCED = new LinkedHashMap<>();

    static {
        byte[] truncated = gzip("a,b\n1,2\n".repeat(500));
        UPLOADS.put(DATASET + "/white space.txt", new Object[] {utf8("x"), "whitespace", "whitespace"});
        UPLOADS.put(DATASET + "/paren(1).txt", new Object[] {utf8("x"), "special-character", "'('"});
        UPLOADS.put(DATASET + "/caf\u00e9.txt", new Object[] {utf8("x"), "non-ascii-character", "U+00E9"});
        UPLOADS.put("loose-" + DATASET + ".txt", new Object[] {utf8("x"), "no-profile", "No dataset profile"});
        UPLOADS.put(DATASET + "/empty.txt", new Object[] {new byte[0], "empty-file", "empty"});
        UPLOADS.put(DATASET + "/fake.csv.gz", new Object[] {utf8("a,b\n1,2\n"), "not-gzip", "is not gzip"});
        UPLOADS.put(DATASET + "/cut.csv.gz", new Object[] {Arrays.copyOf(truncated, truncated.length - 20),
                "corrupt-gzip", "not a complete gzip stream"});
        UPLOADS.put(EXPERIMENT + "/s1/notes.txt", new Object[] {utf8("notes"), "unknown-file", "'s1/notes.txt'"});
        UPLOADS.put(EXPERIMENT + "/s1/matrix.mtx", new Object[] {utf8("1 2 3\n4 5 6\n"), "matrix-market-header",
                "does not start with a Matrix Market header"});
        UPLOADS.put(EXPERIMENT + "/s2/matrix.mtx.gz", new Object[] {gzip("%%MatrixMarket matrix array real general\n"
                + "2 2\n1\n2\n3\n4\n"), "matrix-market-array", "dense 'array'"});
        UPLOADS.put(AIND + "/subject.json", new Object[] {utf8("{\"subject_id\": 1,}"), "invalid-json",
                "subject.json is not valid JSON"});
        UPLOADS.put(CRYOET + "/run1/short.mrc", new Object[] {mrc(8, 6, 4, 107.84f, -100), "mrc-size",
                "announces 8×6×4 voxels"});
        byte[] noMap = mrc(8, 6, 4, 107.84f, 0);
        noMap[208] = 'X';
        UPLOADS.put(CRYOET + "/run1/nomap.mrc", new Object[] {noMap, "mrc-header", "is not an MRC2014 file"});

        ANNOUNCED.put(DATASET + "/../escape.txt", new String[] {"path-traversal", "'..' segment"});
        ANNOUNCED.put(DATASET + "//double.txt", new String[] {"empty-segment", "empty segment"});
        String longKey = DATASET + "/" + "x".repeat(1030);
        ANNOUNCED.put(longKey, new String[] {"key-too-long", "The key is " + longKey.length() + " bytes long"});
    }

    @Autowired
    S3Client s3;
    @Autowired
    SqsClient sqs;
    @Autowired
    ObjectLedger ledger;
    @Autowired
    Catalogue catalogue;
    @Autowired
    BrigadeProperties names;
    @Autowired
    TestRestTemplate http;

    @TempDir
    static Path folder;

    static boolean deposited;

    /** Uploads and announces every case once for the class, and waits until each is recorded. */
    void depositOnce() {
        if (deposited) {
            return;
        }
        writeUploads();
        new AwsCli(SharedLocalStack.get().ports()).s3("sync", "--no-progress", folder.toString(),
                "s3://" + original() + "/");
        announce();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(expected().keySet())
                .allSatisfy(key -> assertThat(rejections(key)).as(key).isNotEmpty()));
        deposited = true;
    }

    static Map<String, String> expected() {
        Map<String, String> expected = new LinkedHashMap<>();
        UPLOADS.forEach((key, value) -> expected.put(key, (String) value[1]));
        ANNOUNCED.forEach((key, value) -> expected.put(key, value[0]));
        return expected;
    }

    @Test
    void eachBrokenRuleGivesExactlyOneRejectionRecordAndNothingReachesSource() {
        depositOnce();

        expected().forEach((key, rule) -> {
            List<Document> records = rejections(key);
            assertThat(records).as(key).hasSize(1);
            Document record = records.get(0);
            assertThat(record.getString("rule")).as(key).isEqualTo(rule);
            String phrase = UPLOADS.containsKey(key) ? (String) UPLOADS.get(key)[2] : ANNOUNCED.get(key)[1];
            assertThat(record.getString("message")).as(key).contains(phrase);
            assertThat(record).containsKeys("bucket", "etag", "profile", "time");
            LedgerEntry entry = ledger.find(record.getString("datasetId"), key).orElseThrow();
            assertThat(entry.state()).isEqualTo(LedgerEntry.REJECTED);
            assertThat(entry.rule()).isEqualTo(rule);
        });
        UPLOADS.forEach((key, value) -> assertThat(s3.getObjectAsBytes(g -> g.bucket(original()).key(key))
                .asByteArray()).as("original " + key).isEqualTo((byte[]) value[0]));
        assertThat(s3.listObjectsV2Paginator(l -> l.bucket(names.buckets().get("source"))).contents()).isEmpty();
    }

    @Test
    void curatorsListRejectionsByDatasetAndRuleAndMetricsCountThem() {
        depositOnce();

        JsonNode byDataset = http.getForObject("/api/rejections?dataset=" + DATASET, JsonNode.class);
        JsonNode byRule = http.getForObject("/api/rejections?rule=not-gzip", JsonNode.class);
        String metrics = http.getForObject("/actuator/prometheus", String.class);

        assertThat(byDataset).extracting(n -> n.get("datasetId").asText()).containsOnly(DATASET);
        assertThat(byDataset).extracting(n -> n.get("rule").asText()).contains("whitespace", "empty-file",
                "not-gzip", "corrupt-gzip", "path-traversal");
        assertThat(byRule).singleElement().satisfies(n -> {
            assertThat(n.get("key").asText()).isEqualTo(DATASET + "/fake.csv.gz");
            assertThat(n.get("message").asText()).contains("fake.csv.gz ends in .gz but is not gzip");
        });
        assertThat(metrics).contains("brigade_ingest_rejections_total{rule=\"not-gzip\"} 1.0");
    }

    private List<Document> rejections(String key) {
        return catalogue.rejections(null, null, null, 1000).stream()
                .filter(d -> key.equals(d.getString("key"))).toList();
    }

    private String original() {
        return names.buckets().get("original");
    }

    private void writeUploads() {
        UPLOADS.forEach((key, value) -> {
            try {
                Path file = folder.resolve(key);
                Files.createDirectories(file.getParent());
                Files.write(file, (byte[]) value[0]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void announce() {
        String queue = sqs.getQueueUrl(q -> q.queueName(names.queues().get("ingest").name())).queueUrl();
        ANNOUNCED.keySet().forEach(key -> sqs.sendMessage(m -> m.queueUrl(queue).messageBody(S3EventParserTest.message(
                S3EventParserTest.record("ObjectCreated:Put", java.net.URLEncoder.encode(key,
                        java.nio.charset.StandardCharsets.UTF_8), "0123456789abcdef0123456789abcdef", "01")
                        .replace("\"orig\"", "\"" + original() + "\"")))));
    }
}
