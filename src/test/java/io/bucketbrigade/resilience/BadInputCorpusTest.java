package io.bucketbrigade.resilience;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.mrc;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.ingest.S3EventParserTest;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.MetadataStatus;
import io.bucketbrigade.records.ObjectLedger;
import io.bucketbrigade.routefiles.RouteFilesProperties;
import io.bucketbrigade.support.AwsCli;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.TemporaryFolders;
import org.bson.Document;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The bad-input corpus: one running server is given every kind of bad input we know of, and each yields its own
 * specific error record where an operator or curator looks for it, while the server keeps running and a good
 * object deposited afterwards still goes through.
 * <ul>
 * <li>uploads that break a naming or content rule: one rejection record each (rule and message), the original
 * byte-identical, nothing in source;</li>
 * <li>keys S3 itself cannot store (traversal, empty segments, over 1,024 bytes) arrive as events, as from a bucket
 * that could: one rejection each;</li>
 * <li>queue messages that are not S3 events: on the dead-letter queue at once with the reason; a test event
 * ignored;</li>
 * <li>files that pass ingest but whose content is wrong: their dataset's check is Invalid, naming the problem;</li>
 * <li>a broken route file and a broken profile file: refused, reported in health, the running ones untouched.</li>
 * </ul>
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=corpus", "brigade.watcher.period=300ms"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadInputCorpusTest {

    static final String DATASET = "rejects-" + System.nanoTime();
    static final String EXPERIMENT = Fixtures.experimentId();
    static final String COUNTS = Fixtures.experimentId();
    static final String AIND = "ecephys_" + (100000 + System.nanoTime() % 900000) + "_2024-01-01_00-00-00";
    static final String CRYOET = Long.toString(20000 + System.nanoTime() % 10000);
    static final String ESCAPE = "escape-" + System.nanoTime();
    static final String MTX = "%%MatrixMarket matrix coordinate integer general\n";

    /** Uploaded key to [bytes, rule, a phrase the message must contain]. */
    static final Map<String, Object[]> UPLOADS = new LinkedHashMap<>();
    /** Announced-only key to [rule, phrase]. */
    static final Map<String, String[]> ANNOUNCED = new LinkedHashMap<>();
    /** Ingest queue message body to a phrase of the reason it is dead-lettered with. */
    static final Map<String, String> MESSAGES = new LinkedHashMap<>();
    /** Dataset (one file, passes ingest) to [key in dataset, bytes, a phrase of its Invalid check]. */
    static final Map<String, Object[]> CONTENT = new LinkedHashMap<>();

    static {
        byte[] truncated = gzip("a,b\n1,2\n".repeat(500));
        UPLOADS.put(DATASET + "/white space.txt", new Object[] {utf8("x"), "whitespace", "whitespace"});
        UPLOADS.put(DATASET + "/tab\there.txt", new Object[] {utf8("x"), "whitespace", "whitespace"});
        UPLOADS.put(DATASET + "/paren(1).txt", new Object[] {utf8("x"), "special-character", "'('"});
        UPLOADS.put(DATASET + "/back\\slash.txt", new Object[] {utf8("x"), "special-character", "'\\'"});
        UPLOADS.put(DATASET + "/caf\u00e9.txt", new Object[] {utf8("x"), "non-ascii-character", "U+00E9"});
        UPLOADS.put(DATASET + "/\u6570\u636e.txt", new Object[] {utf8("x"), "non-ascii-character", "U+6570"});
        UPLOADS.put("loose-" + DATASET + ".txt", new Object[] {utf8("x"), "no-profile", "No dataset profile"});
        UPLOADS.put(DATASET + "/empty.txt", new Object[] {new byte[0], "empty-file", "empty"});
        UPLOADS.put(DATASET + "/fake.csv.gz", new Object[] {utf8("a,b\n1,2\n"), "not-gzip", "is not gzip"});
        UPLOADS.put(DATASET + "/cut.csv.gz", new Object[] {Arrays.copyOf(truncated, truncated.length - 20),
                "corrupt-gzip", "the upload may have been cut short"});
        UPLOADS.put(DATASET + "/noise.txt", new Object[] {new byte[] {0x1f, (byte) 0x8b, (byte) 0xff, 1, 2, 3, 4, 5, 6, 7,
                8, 9}, "corrupt-gzip", "another format that starts with the same two bytes"});
        UPLOADS.put(EXPERIMENT + "/s1/notes.txt", new Object[] {utf8("notes"), "unknown-file", "'s1/notes.txt'"});
        UPLOADS.put(EXPERIMENT + "/s1/matrix.mtx", new Object[] {utf8("1 2 3\n4 5 6\n"), "matrix-market-header",
                "does not start with a Matrix Market header"});
        UPLOADS.put(EXPERIMENT + "/s2/matrix.mtx.gz", new Object[] {gzip("%%MatrixMarket matrix array real general\n"
                + "2 2\n1\n2\n3\n4\n"), "matrix-market-array", "dense 'array'"});
        UPLOADS.put(EXPERIMENT + "/s3/matrix.mtx", new Object[] {utf8("%%MatrixMarket matrix sparse real general"
                + "\n3 1\n"), "matrix-market-header", "declares Matrix Market format 'sparse'"});
        UPLOADS.put(AIND + "/subject.json", new Object[] {utf8("{\"subject_id\": 1,}"), "invalid-json",
                "subject.json is not valid JSON"});
        UPLOADS.put(AIND + "/procedures.json", new Object[] {utf8("{\"a\": 1} {\"b\": 2}"), "invalid-json",
                "procedures.json is not valid JSON: more"});
        UPLOADS.put(AIND + "/data_description.json", new Object[] {utf8("{\"name\": \"cut"), "invalid-json",
                "data_description.json is not valid JSON"});
        UPLOADS.put(CRYOET + "/run1/short.mrc", new Object[] {mrc(8, 6, 4, 107.84f, -100), "mrc-size",
                "announces 8×6×4 voxels"});
        byte[] noMap = mrc(8, 6, 4, 107.84f, 0);
        noMap[208] = 'X';
        UPLOADS.put(CRYOET + "/run1/nomap.mrc", new Object[] {noMap, "mrc-header", "is not an MRC2014 file"});

        UPLOADS.put(ESCAPE + "/small.txt", new Object[] {utf8("x"), "target-outside-dataset",
                "'" + ESCAPE + "/../small.txt', would not be a plain key under the dataset's prefix"});

        ANNOUNCED.put(DATASET + "/../escape.txt", new String[] {"path-traversal", "'..' segment"});
        ANNOUNCED.put(DATASET + "/a/../../../etc/passwd", new String[] {"path-traversal", "'..' segment"});
        ANNOUNCED.put(DATASET + "/./here.txt", new String[] {"path-traversal", "'.' segment"});
        ANNOUNCED.put("/" + DATASET + "/rooted.txt", new String[] {"empty-segment", "empty segment"});
        ANNOUNCED.put(DATASET + "//double.txt", new String[] {"empty-segment", "empty segment"});
        String tooLong = DATASET + "/" + "x".repeat(1030);
        ANNOUNCED.put(tooLong, new String[] {"key-too-long", "The key is " + tooLong.length() + " bytes long"});
        String multiByte = DATASET + "/" + "\u00e9".repeat(512);
        ANNOUNCED.put(multiByte, new String[] {"key-too-long", "bytes long"});

        MESSAGES.put("garbage " + System.nanoTime() + ": not an event at all", "not JSON");
        MESSAGES.put("{\"Records\": [" + "x".repeat(300_000 - 20) + "]}", "larger than any S3 event");
        MESSAGES.put("[\"an array " + System.nanoTime() + "\"]", "the JSON is not an object");
        MESSAGES.put("{\"Message\": \"no records " + System.nanoTime() + "\"}", "no Records array");
        MESSAGES.put(S3EventParserTest.message(S3EventParserTest.record("ObjectCreated:Put", DATASET + "/t.txt",
                "0123456789abcdef0123456789abcdef", "02").replace("2024-05-01T10:00:00.000Z", "yesterday")),
                "eventTime 'yesterday'");
        MESSAGES.put(S3EventParserTest.message(S3EventParserTest.record("ObjectCreated:Put", DATASET + "/n.txt",
                "0123456789abcdef0123456789abcdef", "03").replace("\"key\":", "\"name\":")), "has no s3.object.key");

        String ragged = "ragged-" + System.nanoTime();
        CONTENT.put(ragged, new Object[] {"table.tsv", utf8("id\ta\tb\n1\t2\n3\t4\t5\n"), "has lines of 2 to 3"});
        CONTENT.put("dups-" + System.nanoTime(), new Object[] {"genes.tsv", utf8("G1\tx\nG1\ty\n"), "duplicate id"});
        CONTENT.put("entries-" + System.nanoTime(), new Object[] {"m.mtx", utf8(MTX + "3 2 3\n1 1 5\n"),
                "declares 3 entries but holds 1"});
        CONTENT.put("size-" + System.nanoTime(), new Object[] {"m.mtx", utf8(MTX + "3 two 3\n1 1 5\n"),
                "is not numbers"});
        CONTENT.put("yaml-" + System.nanoTime(), new Object[] {"run.yaml", utf8("a: [1, 2\nb: c\n"),
                "is not valid YAML"});
        CONTENT.put("csv-" + System.nanoTime(), new Object[] {"load_data.csv", utf8("Metadata_Plate,Metadata_Well\n"
                + "P1,A01\n"), "has no URL_<Channel> column"});
        CONTENT.put("npy-" + System.nanoTime(), new Object[] {"illum.npy", utf8("not numpy at all"),
                "is named as NumPy (.npy) but does not start with"});
        CONTENT.put("tiff-" + System.nanoTime(), new Object[] {"image.tiff", utf8("\u0089PNG not a tiff"),
                "is named as TIFF but is not TIFF"});
        CONTENT.put("binary-" + System.nanoTime(), new Object[] {"notes.tsv", new byte[] {0, 1, 2, 3, 0, 5, 6, 0},
                "holds binary"});
        // issue 21: files the enrich hop once threw on, so that their datasets waited without a verdict
        CONTENT.put("deep-json-" + System.nanoTime(), new Object[] {"deep.json", Fixtures.deepJson(100_000),
                "nesting depth (1001) exceeds the maximum allowed (1000)"});
        CONTENT.put("tiff-past-" + System.nanoTime(), new Object[] {"image.tiff", Fixtures.tiffHeader(1_000_000),
                "is at offset 1000000, outside the file (16 bytes)"});
        CONTENT.put("tiff-loop-" + System.nanoTime(), new Object[] {"image.tiff", Fixtures.tiffLoop(65_535),
                "claims 65535 entries"});
        CONTENT.put("npy-huge-" + System.nanoTime(), new Object[] {"illum.npy", Fixtures.npy(
                "(99999999999, 99999999999)", 16), "more than 9223372036854775807 bytes, which no file holds"});
    }

    static Path profiles;

    @DynamicPropertySource
    static void ownCopyOfProfiles(DynamicPropertyRegistry registry) throws IOException {
        profiles = TemporaryFolders.copyOf("profiles");
        // an operator's profile whose target template leaves the dataset: what it makes is refused, not written
        Files.writeString(profiles.resolve("escaping.yaml"), """
                name: escaping
                order: 5
                description: target outside the dataset
                key: '^(?<dataset>escape-[0-9]+)/(?<path>.+)$'
                target: '{dataset}/../{path}'
                files:
                  - role: data
                    match: '.+'
                """);
        registry.add("brigade.profiles.directory", profiles::toString);
    }

    @Autowired
    S3Client s3;
    @Autowired
    SqsClient sqs;
    @Autowired
    ObjectLedger ledger;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    Catalogue catalogue;
    @Autowired
    BrigadeProperties names;
    @Autowired
    RouteFilesProperties routeFiles;
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
    @Order(1)
    void theCorpusHasAtLeastThirtyKinds() {
        int testEvent = 1;
        int countMismatch = 1;
        int externalTraversal = 1;
        int routeAndProfileFiles = 2;
        assertThat(UPLOADS.size() + ANNOUNCED.size() + MESSAGES.size() + testEvent + CONTENT.size() + countMismatch
                + externalTraversal + routeAndProfileFiles).isEqualTo(52);
    }

    @Test
    @Order(2)
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
            assertThat(entry.state()).isEqualTo(LedgerEntry.State.REJECTED);
            assertThat(entry.rule()).isEqualTo(rule);
        });
        UPLOADS.forEach((key, value) -> assertThat(s3.getObjectAsBytes(g -> g.bucket(original()).key(key))
                .asByteArray()).as("original " + key).isEqualTo((byte[]) value[0]));
        assertThat(s3.listObjectsV2Paginator(l -> l.bucket(names.buckets().get("source"))).contents())
                .noneMatch(o -> expected().containsKey(o.key()));
    }

    @Test
    @Order(3)
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

    @Test
    @Order(4)
    void messagesThatAreNotS3EventsAreDeadLetteredAtOnceWithTheirReasonAndATestEventIsIgnored() {
        String testEvent = "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-01-01T00:00:00.000Z\","
                + "\"Bucket\":\"" + original() + "\",\"RequestId\":\"corpus-" + System.nanoTime() + "\"}";
        MESSAGES.keySet().forEach(body -> sqs.sendMessage(m -> m.queueUrl(url("ingest")).messageBody(body)));
        sqs.sendMessage(m -> m.queueUrl(url("ingest")).messageBody(testEvent));

        Map<String, Message> dead = new LinkedHashMap<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            deadLetters().forEach(m -> dead.putIfAbsent(m.body(), m));
            return dead.keySet().containsAll(MESSAGES.keySet());
        });
        MESSAGES.forEach((body, phrase) -> {
            Message message = dead.get(body);
            assertThat(message.messageAttributes().get("brigadeReason").stringValue()).as(body.substring(0,
                    Math.min(60, body.length()))).contains(phrase);
            assertThat(message.messageAttributes().get("brigadeRoute").stringValue()).isEqualTo("ingest-from-queue");
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> queueEmpty("ingest"));
        assertThat(dead).doesNotContainKey(testEvent);
    }

    @Test
    @Order(5)
    void filesWhoseContentIsWrongMakeTheirDatasetInvalidNamingTheProblem() {
        CONTENT.forEach((dataset, value) -> s3.putObject(p -> p.bucket(original()).key(dataset + "/" + value[0]),
                RequestBody.fromBytes((byte[]) value[1])));
        s3.putObject(p -> p.bucket(original()).key(COUNTS + "/s1/barcodes.tsv"), RequestBody.fromBytes(
                utf8("B1\nB2\nB3\n")));
        s3.putObject(p -> p.bucket(original()).key(COUNTS + "/s1/genes.tsv"), RequestBody.fromBytes(
                utf8("G1\tg1\nG2\tg2\nG3\tg3\n")));
        s3.putObject(p -> p.bucket(original()).key(COUNTS + "/s1/matrix.mtx"), RequestBody.fromBytes(
                utf8(MTX + "3 2 2\n1 1 5\n2 2 1\n")));

        Map<String, String> phrases = new LinkedHashMap<>();
        CONTENT.forEach((dataset, value) -> phrases.put(dataset, (String) value[2]));
        phrases.put(COUNTS, "barcodes.tsv.gz has 3 barcodes but matrix.mtx.gz has 2 columns");
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> phrases.forEach((dataset, phrase) -> {
            assertThat(status(dataset)).as(dataset).isEqualTo(MetadataStatus.INVALID);
            assertThat(checks(dataset)).as(dataset).anySatisfy(check -> assertThat(check).contains(phrase));
        }));
        phrases.keySet().forEach(dataset -> assertThat(s3.listObjectsV2(l -> l.bucket(names.buckets()
                .get("production")).prefix(dataset + "/")).contents()).as(dataset).isEmpty());
    }

    @Test
    @Order(6)
    void anExternalOutputWhoseKeyLeavesItsDatasetIsNeitherCataloguedNorPublished() {
        String key = DATASET + "/../" + DATASET + "-escaped/result.rds";
        sqs.sendMessage(m -> m.queueUrl(url("processed-events")).messageBody(S3EventParserTest.message(
                S3EventParserTest.record("ObjectCreated:Put", URLEncoder.encode(key, StandardCharsets.UTF_8),
                        "0123456789abcdef0123456789abcdef", "01").replace("\"orig\"", "\""
                        + names.buckets().get("processed") + "\""))));

        Document rejection = await().atMost(Duration.ofSeconds(30)).until(() -> rejections(key).stream().findFirst()
                .orElse(null), r -> r != null);
        assertThat(rejection.getString("bucket")).isEqualTo(names.buckets().get("processed"));
        assertThat(rejection.getString("rule")).isEqualTo("path-traversal");
        assertThat(catalogue.asset(DATASET + "-escaped")).isEmpty();
    }

    @Test
    @Order(7)
    void aBrokenRouteFileAndABrokenProfileAreRefusedAndReportedWhileTheRunningOnesStay() throws Exception {
        Path route = routeFiles.directory().resolve("broken.camel.yaml");
        Files.writeString(route, "- route:\n    id: broken\n    from: [uri: timer:x\n");
        Path profile = profiles.resolve("broken.yaml");
        Files.writeString(profile, "name: broken\nkey: '^(?<dataset>[^/]+/(?<path>.+)$'\nfiles: []\n");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode health = http.getForObject("/actuator/health", JsonNode.class);
            assertThat(health.path("status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/routeFiles/details/failed")).extracting(JsonNode::asText)
                    .singleElement().asString().startsWith("broken.camel.yaml: does not parse");
            assertThat(health.at("/components/profiles/details/failed")).extracting(JsonNode::asText)
                    .singleElement().asString().startsWith("broken.yaml: ");
            assertThat(health.at("/components/profiles/details/profiles")).extracting(JsonNode::asText)
                    .contains("tenx", "generic");
        });
        Files.delete(route);
        Files.delete(profile);
    }

    @Test
    @Order(8)
    void afterAllOfItTheServerIsUpAndAGoodObjectStillGoesThrough() {
        String key = "after-corpus-" + System.nanoTime() + "/good.txt";
        s3.putObject(p -> p.bucket(original()).key(key), RequestBody.fromBytes(utf8("fine")));

        await().atMost(Duration.ofSeconds(60)).until(() -> s3.listObjectsV2(l -> l.bucket(names.buckets()
                .get("source")).prefix(key)).keyCount() == 1);
        assertThat(http.getForObject("/actuator/health", JsonNode.class).path("status").asText()).isEqualTo("UP");
    }

    private MetadataStatus status(String dataset) {
        return datasets.find(dataset).map(e -> e.status().processed()).orElse(null);
    }

    private List<String> checks(String dataset) {
        return datasets.find(dataset).map(DatasetRecord::checks).orElse(List.of());
    }

    private List<Document> rejections(String key) {
        return catalogue.rejections(null, null, null, 1000).stream()
                .filter(d -> key.equals(d.getString("key"))).toList();
    }

    private String original() {
        return names.buckets().get("original");
    }

    private String url(String queue) {
        return sqs.getQueueUrl(q -> q.queueName(names.queues().get(queue).name())).queueUrl();
    }

    private String deadLetterUrl(String queue) {
        return sqs.getQueueUrl(q -> q.queueName(names.queues().get(queue).deadLetterName())).queueUrl();
    }

    private List<Message> deadLetters() {
        return sqs.receiveMessage(r -> r.queueUrl(deadLetterUrl("ingest")).maxNumberOfMessages(10)
                .visibilityTimeout(0).messageAttributeNames("All")).messages();
    }

    private boolean queueEmpty(String queue) {
        Map<String, String> attributes = new LinkedHashMap<>();
        sqs.getQueueAttributes(a -> a.queueUrl(url(queue)).attributeNamesWithStrings("All")).attributesAsStrings()
                .forEach(attributes::put);
        return "0".equals(attributes.get("ApproximateNumberOfMessages"))
                && "0".equals(attributes.get("ApproximateNumberOfMessagesNotVisible"));
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
        ANNOUNCED.keySet().forEach(key -> sqs.sendMessage(m -> m.queueUrl(url("ingest")).messageBody(
                S3EventParserTest.message(S3EventParserTest.record("ObjectCreated:Put",
                        URLEncoder.encode(key, StandardCharsets.UTF_8), "0123456789abcdef0123456789abcdef", "01")
                        .replace("\"orig\"", "\"" + original() + "\"")))));
    }
}
