package io.bucketbrigade.enrich;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.MetadataStatus;
import io.bucketbrigade.records.ObjectLedger;
import io.bucketbrigade.support.AwsCli;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Deposits;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.SharedLocalStack;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The enrich acceptance: the ingest acceptance's deposits reach processed with sidecars whose figures match the
 * fixtures; a 10x sample with one barcode too many and a transposed one are Invalid with messages that say so; a
 * file whose content contradicts its name fails its dataset; an external pipeline's output is catalogued and never
 * overwritten; and checking an unchanged dataset again writes nothing new.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=enrich", "brigade.watcher.period=300ms"})
class EnrichAcceptanceTest {

    static final Deposits deposits = new Deposits(Fixtures.experimentId());
    static final String EXTRA_BARCODE = Fixtures.experimentId();
    static final String TRANSPOSED = Fixtures.experimentId();
    static final String CLASHING = Fixtures.experimentId();
    static final String BAD_IMAGES = "cpg0099-test/source_bad";
    static final String MTX = "%%MatrixMarket matrix coordinate integer general\n3 2 3\n1 1 5\n2 2 1\n3 1 7\n";
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    static final byte[] THEIR_BARCODES = Fixtures.random(64, 7);

    static boolean deposited;
    @TempDir
    static Path folder;

    @Autowired
    S3Client s3;
    @Autowired
    SqsClient sqs;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    Catalogue catalogue;
    @Autowired
    ObjectLedger ledger;
    @Autowired
    MongoClient mongo;
    @Autowired
    BrigadeProperties names;
    @Autowired
    TestRestTemplate http;

    final ObjectMapper json = new ObjectMapper();

    /** Deposits once for the class (Camel starts just before a test method) and waits until all is checked. */
    void depositAndWait() {
        if (deposited) {
            return;
        }
        deposits.writeTo(folder);
        write(EXTRA_BARCODE + "/s1/barcodes.tsv", "B1\nB2\nB3\n"); // one more than the matrix's 2 columns
        write(EXTRA_BARCODE + "/s1/features.tsv", "G1\tg1\nG2\tg2\nG3\tg3\n");
        write(EXTRA_BARCODE + "/s1/matrix.mtx", MTX);
        write(EXTRA_BARCODE + "/s2/barcodes.tsv", "B1\nB2\n"); // a good sample next to the bad one
        write(EXTRA_BARCODE + "/s2/features.tsv", "G1\tg1\nG2\tg2\nG3\tg3\n");
        write(EXTRA_BARCODE + "/s2/matrix.mtx", MTX);
        write(TRANSPOSED + "/s1/barcodes.tsv", "B1\nB2\nB3\n");
        write(TRANSPOSED + "/s1/features.tsv", "G1\tg1\nG2\tg2\n");
        write(TRANSPOSED + "/s1/matrix.mtx", MTX); // 3 rows = barcodes, 2 columns = features
        write(CLASHING + "/s1/barcodes.tsv", "B1\nB2\n");
        write(CLASHING + "/s1/features.tsv", "G1\tg1\nG2\tg2\nG3\tg3\n");
        write(CLASHING + "/s1/matrix.mtx", MTX);
        writeBytes(BAD_IMAGES + "/images/b1/images/P1/a.tiff", PNG);
        write(BAD_IMAGES + "/workspace/load_data_csv/b1/P1/load_data.csv", "Metadata_Well,URL_DNA\nA01,a.tiff\n");
        write(BAD_IMAGES + "/workspace/metadata/platemaps/b1/barcode_platemap.csv",
                "Assay_Plate_Barcode,Plate_Map_Name\nP1,m\n");
        write(BAD_IMAGES + "/workspace/metadata/platemaps/b1/platemap/m.txt", "plate_map_name\twell_position\n");
        // an external pipeline wrote here first: ours must not replace it
        s3.putObject(p -> p.bucket(processed()).key(CLASHING + "/s1/barcodes.tsv.gz"),
                RequestBody.fromBytes(THEIR_BARCODES));
        new AwsCli(SharedLocalStack.get().ports()).s3("sync", "--no-progress", folder.toString(),
                "s3://" + names.buckets().get("original") + "/");
        deposited = true; // once: a failure here fails every test at once instead of waiting again
        for (String dataset : datasets()) {
            awaitChecked(dataset);
        }
    }

    static List<String> datasets() {
        return List.of(deposits.experiment, Deposits.AIND, Deposits.CELL_PAINTING, Deposits.CRYOET, EXTRA_BARCODE,
                TRANSPOSED, CLASHING, BAD_IMAGES);
    }

    @Test
    void everyFileReachesProcessedAtItsSourceKeyWithTheSameBytes() {
        depositAndWait();

        deposits.expectedSourceKeys.values().forEach(key -> {
            HeadObjectResponse source = s3.headObject(h -> h.bucket(names.buckets().get("source")).key(key));
            HeadObjectResponse processed = s3.headObject(h -> h.bucket(processed()).key(key));
            assertThat(processed.metadata()).as(key).containsAllEntriesOf(source.metadata())
                    .containsEntry("written-by", "bucket-brigade");
            assertThat(processed.contentType()).as(key).isEqualTo(source.contentType());
        });
    }

    @Test
    void theValidDatasetsHaveSidecarsWhoseFiguresMatchTheFixtures() throws Exception {
        depositAndWait();

        for (String dataset : List.of(deposits.experiment, Deposits.AIND, Deposits.CELL_PAINTING, Deposits.CRYOET)) {
            assertThat(status(dataset)).as(dataset).isEqualTo(MetadataStatus.VALID);
        }
        JsonNode tenx = sidecar(deposits.experiment + "/dataset_metadata.json");
        assertThat(tenx.get("metadata_status").asText()).isEqualTo("Valid");
        assertThat(tenx.at("/summary/samples/gz-sample/cells").asInt()).isEqualTo(2);
        assertThat(tenx.at("/summary/samples/gz-sample/genes").asInt()).isEqualTo(3);
        assertThat(tenx.get("files")).hasSize(9).allSatisfy(f -> assertThat(f.get("sha256").asText()).hasSize(64));
        assertThat(file(tenx, deposits.experiment + "/plain-sample/matrix.mtx.gz").at("/facts/entries").asInt())
                .isEqualTo(3);

        JsonNode cellPainting = sidecar(Deposits.CELL_PAINTING + "/dataset_metadata.json");
        JsonNode image = file(cellPainting, Deposits.CELL_PAINTING
                + "/images/2021_04_26_Batch1/images/" + Deposits.PLATE_FOLDER
                + "/Images/r01c01f01p01-ch1sk1fk1fl1.tiff")
                .get("facts");
        assertThat(image.get("width").asInt()).isEqualTo(16);
        assertThat(image.get("height").asInt()).isEqualTo(8);
        assertThat(image.get("pages").asInt()).isEqualTo(2);
        assertThat(file(cellPainting, Deposits.CELL_PAINTING
                + "/images/2021_04_26_Batch1/illum/BR00117035/BR00117035_IllumDNA.npy").at("/facts/shape").toString())
                .isEqualTo("[4,4]");
        assertThat(cellPainting.at("/summary/plates").asInt()).isEqualTo(1);
        assertThat(cellPainting.at("/summary/wells").asInt()).isEqualTo(1);

        String tomogramFolder = Deposits.CRYOET + "/TS_01/Reconstructions/VoxelSpacing13.480/Tomograms/TS_01_bin4/";
        JsonNode tomogram = sidecar(tomogramFolder + "tomogram_metadata.json");
        assertThat(tomogram.get("deposition_id").asInt()).isEqualTo(10301);
        assertThat(tomogram.get("size").toString()).isEqualTo("{\"x\":8,\"y\":6,\"z\":4}");
        assertThat(tomogram.get("voxel_spacing").asText()).isEqualTo("13.480");
        assertThat(tomogram.get("reconstruction_method").asText()).isEqualTo("WBP");
        assertThat(tomogram.at("/file/sha256").asText())
                .isEqualTo(Fixtures.sha256(deposits.files.get(Deposits.CRYOET + "/TS_01/tomograms/TS_01_bin4.mrc")));
        assertThat(tomogram.has("last_updated_at")).isTrue();
        JsonNode run = sidecar(Deposits.CRYOET + "/TS_01/run_metadata.json");
        assertThat(run.get("tilt_series_quality").asInt()).isEqualTo(4);
        assertThat(run.get("tomograms").toString()).isEqualTo("[\"TS_01_bin4\"]");

        JsonNode record = sidecar(Deposits.AIND + "/metadata.nd.json");
        assertThat(record.get("_id").asText()).isEqualTo(Catalogue.assetId(Deposits.AIND));
        assertThat(record.get("name").asText()).isEqualTo(Deposits.AIND);
        assertThat(record.get("metadata_status").asText()).isEqualTo("Valid");
        assertThat(record.at("/subject/sex").asText()).isEqualTo("Female");
        assertThat(record.at("/data_description/data_level").asText()).isEqualTo("raw");
        assertThat(record.get("procedures").isNull()).isTrue();
    }

    @Test
    void summariesAndVerdictsAreInDynamoDbAndTheCatalogue() {
        depositAndWait();

        DatasetRecord tenx = datasets.find(deposits.experiment).orElseThrow();
        assertThat(tenx.summary()).extractingByKey("samples").asInstanceOf(InstanceOfAssertFactories.MAP)
                .extractingByKey("plain-sample").asInstanceOf(InstanceOfAssertFactories.MAP)
                .containsEntry("cells", 2L);
        assertThat(tenx.counts().processedFiles()).isEqualTo(9);
        DatasetRecord cellPainting = datasets.find(Deposits.CELL_PAINTING).orElseThrow();
        assertThat(cellPainting.summary()).containsEntry("plates", 1L).containsEntry("wells", 1L);
        Document asset = catalogue.asset(Deposits.AIND).orElseThrow();
        assertThat(asset.getString("metadata_status")).isEqualTo("Valid");
        assertThat(asset.get("subject", Document.class).getString("subject_id")).isEqualTo("642478");
        assertThat(asset.get("tiers", Document.class).get("processed", Document.class).getString("location"))
                .isEqualTo("s3://" + processed() + "/" + Deposits.AIND);
        assertThat(asset.getList("files", Document.class)).allSatisfy(f -> assertThat(
                f.get("processed", Document.class).getString("sha256")).isEqualTo(f.getString("sha256")));
    }

    @Test
    void aSampleWithOneBarcodeTooManyIsInvalidNamingBothCounts() {
        depositAndWait();

        assertThat(status(EXTRA_BARCODE)).isEqualTo(MetadataStatus.INVALID);
        assertThat(checks(EXTRA_BARCODE)).containsExactly(
                "sample s1: barcodes.tsv.gz has 3 barcodes but matrix.mtx.gz has 2 columns (cells).");
        assertThat(catalogue.asset(EXTRA_BARCODE).orElseThrow().getString("metadata_status")).isEqualTo("Invalid");
    }

    @Test
    void oneBadSampleKeepsItsDatasetUnpublishedAndTheApiShowsEachSamplesVerdict() {
        depositAndWait();
        // the valid 10x experiment of the same deposit is published: the promote hop did run
        await().atMost(Duration.ofSeconds(90)).until(() -> !http.getForObject("/api/datasets/"
                + deposits.experiment, JsonNode.class).get("published").isNull());

        JsonNode view = http.getForObject("/api/datasets/" + EXTRA_BARCODE, JsonNode.class);

        assertThat(view.at("/status/processed").asText()).isEqualTo("Invalid");
        assertThat(view.at("/samples/s1/status").asText()).isEqualTo("Invalid");
        assertThat(view.at("/samples/s1/checks/0").asText()).isEqualTo(
                "sample s1: barcodes.tsv.gz has 3 barcodes but matrix.mtx.gz has 2 columns (cells).");
        assertThat(view.at("/samples/s2/status").asText()).isEqualTo("Valid");
        assertThat(view.at("/samples/s2/checks")).isEmpty();
        assertThat(view.get("published").isNull()).isTrue();
        assertThat(s3.listObjectsV2(l -> l.bucket(names.buckets().get("production")).prefix(EXTRA_BARCODE + "/"))
                .contents()).isEmpty();
    }

    @Test
    void aGeoSampleIsStoredUnderTheStandardNamesAndItsDuplicateFeatureIdsAreAWarning() {
        depositAndWait();
        String sample = deposits.experiment + "/" + Deposits.GEO_SAMPLE + "/";

        JsonNode view = http.getForObject("/api/datasets/" + deposits.experiment, JsonNode.class);

        assertThat(view.at("/status/processed").asText()).isEqualTo("Valid");
        assertThat(view.at("/summary/warnings/0").asText()).isEqualTo("sample " + Deposits.GEO_SAMPLE
                + ": features.tsv.gz has 1 duplicate id(s) in its first column, e.g. [ENSG1].");
        assertThat(view.at("/samples/" + Deposits.GEO_SAMPLE.replace(" ", "%20")).isMissingNode()).isTrue();
        assertThat(view.get("samples").get(Deposits.GEO_SAMPLE).get("status").asText()).isEqualTo("Valid");
        assertThat(view.get("samples").get(Deposits.GEO_SAMPLE).get("cells").asInt()).isEqualTo(2);
        HeadObjectResponse barcodes = s3.headObject(h -> h.bucket(processed()).key(sample + "barcodes.tsv.gz"));
        assertThat(barcodes.metadata()).containsEntry("original-key", sample.replace(" ", "+")
                + "GSM5000001_barcodes.tsv.gz");
        byte[] stored = s3.getObjectAsBytes(g -> g.bucket(processed()).key(sample + "barcodes.tsv.gz")).asByteArray();
        assertThat(Fixtures.gunzip(stored)).isEqualTo(deposits.files.get(sample + "GSM5000001_barcodes.tsv.gz"));
        assertThat(catalogue.asset(deposits.experiment).orElseThrow().getList("files", Document.class))
                .extracting(f -> f.getString("key")).contains(sample + "GSM5000001_barcodes.tsv.gz");
    }

    @Test
    void aTransposedMatrixIsReportedAsTransposed() {
        depositAndWait();

        assertThat(status(TRANSPOSED)).isEqualTo(MetadataStatus.INVALID);
        assertThat(checks(TRANSPOSED)).singleElement().asString().startsWith("sample s1: matrix.mtx.gz is transposed:"
                + " its 3 rows match the 3 barcodes and its 2 columns the 2 features");
    }

    @Test
    void aTiffThatIsNotTiffFailsItsDataset() {
        depositAndWait();

        assertThat(status(BAD_IMAGES)).isEqualTo(MetadataStatus.INVALID);
        assertThat(checks(BAD_IMAGES)).contains("a.tiff is named as TIFF but is not TIFF (it does not start with 'II'"
                + " or 'MM'; its content is image/png).");
    }

    @Test
    void anExternalPipelinesObjectIsNeverOverwritten() {
        depositAndWait();

        assertThat(s3.getObjectAsBytes(g -> g.bucket(processed()).key(CLASHING + "/s1/barcodes.tsv.gz"))
                .asByteArray()).isEqualTo(THEIR_BARCODES);
        assertThat(status(CLASHING)).isEqualTo(MetadataStatus.INVALID);
        assertThat(checks(CLASHING)).anySatisfy(c -> assertThat(c).contains("another pipeline wrote at "
                + CLASHING + "/s1/barcodes.tsv.gz; it is not overwritten"));
    }

    @Test
    void anExternalOutputIsRecognisedChecksummedAndCatalogued() throws Exception {
        depositAndWait();
        byte[] rds = Fixtures.random(5000, 11);
        String key = deposits.experiment + "/r.rds";

        s3.putObject(p -> p.bucket(processed()).key(key), RequestBody.fromBytes(rds));

        Document file = await().atMost(Duration.ofSeconds(60)).until(() -> catalogue.asset(deposits.experiment)
                .orElseThrow().getList("files", Document.class).stream().filter(f -> key.equals(f.getString("key")))
                .findFirst().orElse(null), f -> f != null);
        assertThat(file.getString("origin")).isEqualTo("external");
        assertThat(file.getString("role")).isEqualTo("seurat-object");
        assertThat(file.getString("sha256")).isEqualTo(Fixtures.sha256(rds));
        // the lineage step is recorded right after the catalogue entry: wait for it as well (the dataset, checked
        // again with it, may be published with it by then: a step `promoted` of the same key)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(lineage(Filters.eq("key", key)))
                .extracting(e -> e.getString("step")).containsOnlyOnce("written-externally")
                .isSubsetOf("written-externally", "promoted"));
        awaitChecked(deposits.experiment);
        JsonNode sidecar = sidecar(deposits.experiment + "/dataset_metadata.json");
        assertThat(file(sidecar, key).get("origin").asText()).isEqualTo("external");
        assertThat(s3.getObjectAsBytes(g -> g.bucket(processed()).key(key)).asByteArray()).isEqualTo(rds);
    }

    @Test
    void checkingAnUnchangedDatasetAgainWritesNothingNew() throws Exception {
        depositAndWait();
        String dataset = Deposits.CRYOET;
        Map<String, String> before = sidecarETags(dataset);
        long lineageBefore = lineageOf(dataset);

        deposits.files.keySet().stream().filter(k -> k.startsWith(dataset + "/")).forEach(key -> send("enrich",
                "{\"datasetId\":\"" + dataset + "\",\"key\":\"" + key + "\"}"));
        send("dataset-checks", dataset);
        awaitDrained("enrich");
        awaitDrained("dataset-checks");

        assertThat(sidecarETags(dataset)).isEqualTo(before);
        assertThat(lineageOf(dataset)).isEqualTo(lineageBefore);
    }

    @Test
    void aMessageThatIsNoEnrichRequestGoesToItsDeadLetterQueueAsItCame() {
        String garbage = "no enrich request " + System.nanoTime();

        send("enrich", garbage);

        String dlq = sqs.getQueueUrl(q -> q.queueName(names.queues().get("enrich").deadLetterName())).queueUrl();
        Message dead = await().atMost(Duration.ofSeconds(60)).until(() -> sqs.receiveMessage(r -> r.queueUrl(dlq)
                .maxNumberOfMessages(10).visibilityTimeout(0).messageAttributeNames("All")).messages().stream()
                .filter(m -> m.body().equals(garbage)).findFirst().orElse(null), m -> m != null);
        assertThat(dead.messageAttributes().get("brigadeReason").stringValue())
                .startsWith("not an enrich request: not JSON");
        assertThat(dead.messageAttributes().get("brigadeRoute").stringValue()).isEqualTo("enrich-from-queue");
        awaitDrained("enrich");
    }

    /** Lineage events of the dataset and its objects (other datasets of this class may still be moving). */
    private long lineageOf(String dataset) {
        return mongo.getDatabase(names.database()).getCollection("lineage").countDocuments(new Document("$or", List.of(
                new Document("datasetId", dataset), new Document("key", new Document("$regex", "^" + dataset + "/")))));
    }

    private Map<String, String> sidecarETags(String dataset) {
        Map<String, String> eTags = new java.util.TreeMap<>();
        s3.listObjectsV2Paginator(l -> l.bucket(processed()).prefix(dataset + "/")).contents().stream()
                .filter(o -> o.key().endsWith("_metadata.json"))
                .forEach(o -> eTags.put(o.key(), o.eTag() + "@" + o.lastModified()));
        assertThat(eTags).hasSize(3);
        return eTags;
    }

    /**
     * Until every deposited file of the dataset was ingested, reached processed (or was read there), and its latest
     * state is checked (not only the files ingested so far: the watcher may not have seen the rest yet).
     */
    private void awaitChecked(String dataset) {
        long deposited = deposited(dataset);
        // on a timeout the failure names the dataset and what it still lacks
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            DatasetRecord record = datasets.find(dataset).orElseThrow(() -> new AssertionError(dataset
                    + ": no dataset record yet"));
            assertThat(record.counts().originalFiles()).as(dataset + ": files ingested of " + deposited)
                    .isGreaterThanOrEqualTo(deposited);
            assertThat(record.counts().sourceFiles()).as(() -> dataset + ": files in source, by the ledger "
                    + ledger.dataset(dataset).stream().map(e -> e.objectKey() + " " + e.state()
                            + (e.rule() == null ? "" : " (" + e.rule() + ": " + e.message() + ")")).toList())
                    .isEqualTo(record.counts().originalFiles());
            assertThat(processedFiles(dataset)).as(dataset + ": files processed").isEqualTo(
                    record.counts().sourceFiles());
            assertThat(record.checkedIsCurrent()).as(dataset + ": checked in its latest state (" + record + ")")
                    .isTrue();
        });
    }

    private long deposited(String dataset) {
        try (var files = Files.walk(folder.resolve(dataset))) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private long processedFiles(String dataset) {
        return catalogue.asset(dataset).map(a -> a.getList("files", Document.class).stream()
                .filter(f -> f.get("processed") != null).count()).orElse(0L);
    }

    private MetadataStatus status(String dataset) {
        return datasets.find(dataset).orElseThrow().status().processed();
    }

    private List<String> checks(String dataset) {
        return datasets.find(dataset).orElseThrow().checks();
    }

    private JsonNode sidecar(String key) throws IOException {
        return json.readTree(s3.getObjectAsBytes(g -> g.bucket(processed()).key(key)).asByteArray());
    }

    private static JsonNode file(JsonNode sidecar, String key) {
        for (JsonNode file : sidecar.get("files")) {
            if (file.get("key").asText().equals(key)) {
                return file;
            }
        }
        throw new AssertionError("no file " + key + " in the sidecar");
    }

    private List<Document> lineage(org.bson.conversions.Bson filter) {
        return mongo.getDatabase(names.database()).getCollection("lineage").find(filter).into(new ArrayList<>());
    }

    private void send(String queue, String body) {
        sqs.sendMessage(m -> m.queueUrl(url(queue)).messageBody(body));
    }

    private void awaitDrained(String queue) {
        await().atMost(Duration.ofSeconds(60)).until(() -> sqs.getQueueAttributes(g -> g.queueUrl(url(queue))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes().values().stream()
                .allMatch("0"::equals));
    }

    private String url(String queue) {
        return sqs.getQueueUrl(q -> q.queueName(names.queues().get(queue).name())).queueUrl();
    }

    private String processed() {
        return names.buckets().get("processed");
    }

    private static void write(String key, String content) {
        writeBytes(key, utf8(content));
    }

    private static void writeBytes(String key, byte[] content) {
        try {
            Path file = folder.resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
