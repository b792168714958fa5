package io.bucketbrigade.promote;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.ObjectLedger;
import io.bucketbrigade.records.ProductionStatus;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Deposits;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.RequestLog;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The promote acceptance in local: `aws s3 sync` of a valid 10x experiment into original ends with its files and
 * manifest in production, no human step; the lineage of its production matrix leads back to the original key; an
 * invalid experiment never reaches production; a changed experiment publishes a new version, manifest last; a
 * check delivered again after the server stopped between the verdict and the promotion request asks for it.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=promote", "brigade.watcher.period=300ms"})
class PromoteAcceptanceTest {

    @Autowired
    S3Client s3;
    @Autowired
    ObjectLedger ledger;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    BrigadeProperties names;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;
    @Autowired
    SqsClient sqs;
    @Autowired
    DynamoDbClient dynamoDb;
    @Autowired
    Catalogue catalogue;
    @Autowired
    Manifests manifests;

    @TempDir
    Path folder;

    final ObjectMapper json = new ObjectMapper();

    void deposit(String experiment, String barcodes) {
        Deposits.syncTenx(folder, names.buckets().get("original"), experiment, gzip(barcodes));
    }

    @Test
    void aValidExperimentReachesProductionWithItsManifestAndLineageBackToItsOriginalKey() throws Exception {
        String experiment = Fixtures.experimentId();

        deposit(experiment, "B1\nB2\n");

        JsonNode manifest = awaitManifest(experiment, 1);
        assertThat(manifest.get("prefix").asText()).isEqualTo(experiment + "/v1/");
        assertThat(manifest.get("files")).extracting(f -> f.get("key").asText()).containsExactlyInAnyOrder(
                "s1/barcodes.tsv.gz", "s1/features.tsv.gz", "s1/matrix.mtx.gz", "dataset_metadata.json");
        for (JsonNode file : manifest.get("files")) {
            byte[] stored = s3.getObjectAsBytes(g -> g.bucket(production()).key(file.get("object").asText()))
                    .asByteArray();
            assertThat(Fixtures.sha256(stored)).isEqualTo(file.get("sha256").asText());
            assertThat((long) stored.length).isEqualTo(file.get("size").asLong());
        }

        String matrix = experiment + "/v1/s1/matrix.mtx.gz";
        JsonNode lineage = http.getForObject("/api/lineage?bucket=" + production() + "&key=" + matrix, JsonNode.class);
        JsonNode chain = lineage.get("chain");
        assertThat(chain).extracting(s -> s.get("step").asText())
                .containsExactly("received", "validated", "copied", "processed", "extracted", "promoted");
        assertThat(chain.get(0).get("bucket").asText()).isEqualTo(names.buckets().get("original"));
        assertThat(chain.get(0).get("key").asText()).isEqualTo(experiment + "/s1/matrix.mtx");
        assertThat(chain.get(0).get("etag").asText()).isNotBlank();
        assertThat(chain.get(1).get("read").asBoolean()).as("the matrix was read: it has content checks").isTrue();
        assertThat(chain.get(5).at("/target/key").asText()).isEqualTo(matrix);
        assertThat(time(chain.get(5))).as("promoted once its version is published, with the version's records")
                .isAfterOrEqualTo(Instant.parse(manifest.get("publishedAt").asText()).truncatedTo(ChronoUnit.MILLIS));
        assertThat(chain).allSatisfy(s -> {
            assertThat(s.get("routeId").asText()).isNotBlank();
            assertThat(s.get("routeVersion").asText()).hasSize(64);
            assertThat(s.get("time").asText()).isNotBlank();
        });

        // the manifest is written first, then the dataset's status (ledger), then its location (catalogue)
        String location = "s3://" + production() + "/" + experiment + "/manifest.json";
        JsonNode dataset = await().atMost(Duration.ofSeconds(60)).until(() -> http.getForObject("/api/datasets/"
                + experiment, JsonNode.class), d -> "PUBLISHED".equals(d.at("/status/production").asText())
                && location.equals(d.get("location").asText()));
        assertThat(dataset.at("/published/version").asInt()).isEqualTo(1);
        assertThat(dataset.get("location").asText()).isEqualTo(location);
    }

    @Test
    void anInvalidExperimentNeverReachesProduction() throws Exception {
        String experiment = Fixtures.experimentId();

        deposit(experiment, "B1\nB2\nB3\n"); // three barcodes, two matrix columns

        await().atMost(Duration.ofSeconds(90)).until(() -> datasets.find(experiment)
                .map(e -> e.status().production()).orElse(null), ProductionStatus.held("the dataset is Invalid")::equals);
        assertThat(s3.listObjectsV2(l -> l.bucket(production()).prefix(experiment + "/")).contents()).isEmpty();
    }

    @Test
    void aChangedExperimentIsPublishedAsANewVersionManifestLast() throws Exception {
        String experiment = Fixtures.experimentId();
        deposit(experiment, "B1\nB2\n");
        awaitManifest(experiment, 1);

        Object unchanged = producer.requestBody("direct:promote-dataset", experiment);
        assertThat(((PromoteOutcome) unchanged).outcome()).isEqualTo("already published as version 1");
        assertThat(manifest(experiment).get("version").asInt()).as("unchanged: not published again").isEqualTo(1);

        s3.putObject(p -> p.bucket(names.buckets().get("original")).key(experiment + "/s1/barcodes.tsv.gz"),
                RequestBody.fromBytes(gzip("C1\nC2\n")));

        JsonNode second = awaitManifest(experiment, 2);
        assertThat(second.get("prefix").asText()).isEqualTo(experiment + "/v2/");
        assertThat(objects(experiment + "/v1/")).as("tenx keeps the previous version").hasSize(4);
        assertThat(objects(experiment + "/v2/")).hasSize(4);
        assertThat(Fixtures.gunzip(s3.getObjectAsBytes(g -> g.bucket(production()).key(experiment
                + "/v2/s1/barcodes.tsv.gz")).asByteArray())).isEqualTo(utf8("C1\nC2\n"));

        // the dataset's record follows the manifest: version 2 with its files
        DatasetRecord record = await().atMost(Duration.ofSeconds(30)).until(() -> datasets.find(experiment)
                .orElseThrow(), r -> r.publishedVersion() == 2);
        assertThat(record.counts().productionFiles()).isEqualTo(second.get("files").size());
    }

    @Test
    void aCheckDeliveredAgainAfterTheServerStoppedBeforeAskingForPromotionAsksForIt() throws Exception {
        String experiment = Fixtures.experimentId();
        camel.getRouteController().stopRoute("promote-from-queue");
        try {
            deposit(experiment, "B1\nB2\n");
            await().atMost(Duration.ofSeconds(90)).until(() -> datasets.find(experiment).orElse(null),
                    e -> e != null && e.checkedIsCurrent() && e.promotionRequestedVersion() == e.changeVersion());
            // what a server stopped after recording the verdict and before asking for the promotion leaves: no
            // promotion request, and no record of one
            sqs.purgeQueue(p -> p.queueUrl(queueUrl("promote")));
            dynamoDb.updateItem(u -> u.tableName(names.tables().get("experiments").name())
                    .key(Map.of("experimentId", AttributeValue.fromS(experiment)))
                    .updateExpression("REMOVE promotionRequestedVersion"));
        } finally {
            camel.getRouteController().startRoute("promote-from-queue");
        }

        // the check message, delivered again
        sqs.sendMessage(m -> m.queueUrl(queueUrl("dataset-checks")).messageBody(experiment));

        assertThat(awaitManifest(experiment, 1).get("prefix").asText()).isEqualTo(experiment + "/v1/");
    }

    @Test
    void aVersionIsPlannedFromTheCatalogueWithoutLookingAtEachDepositedFile() throws Exception {
        String experiment = Fixtures.experimentId();
        deposit(experiment, "B1\nB2\n");
        JsonNode manifest = awaitManifest(experiment, 1);
        GateDecision open = new GateDecision(PromoteRequest.of(experiment), GateDecision.Verdict.OPEN, null, "tenx",
                4, 0, 1, null, null, 1);

        // the planner on a client of its own, so that what the server's routes ask meanwhile is not counted
        RequestLog requests = new RequestLog();
        VersionPlan plan;
        try (StackClients clients = new StackClients(SharedLocalStack.get(), requests)) {
            plan = new VersionPlanner(clients.s3(), catalogue, manifests, names).plan(open);
        }

        assertThat(requests.operations()).as("one HeadObject, for the dataset's sidecar only")
                .containsOnlyOnce("HeadObject");
        assertThat(plan.unchanged()).isTrue();
        assertThat(plan.files()).extracting(Manifest.File::sha256).containsExactlyInAnyOrderElementsOf(
                manifest.get("files").findValuesAsText("sha256"));
        assertThat(plan.uploads()).containsKey(experiment + "/s1/matrix.mtx.gz");
    }

    @Test
    void aFileThatFailsVerificationStopsItsVersionBeforeTheManifest() {
        String dataset = "verify-" + Fixtures.experimentId();
        String processed = names.buckets().get("processed");
        putProcessed(processed, dataset + "/a.txt", "alpha", Fixtures.sha256(utf8("alpha")));
        putProcessed(processed, dataset + "/b.txt", "bravo", Fixtures.sha256(utf8("not bravo"))); // wrong checksum
        putProcessed(processed, dataset + "/c.txt", "charlie", Fixtures.sha256(utf8("charlie")));
        PromoteRequest request = PromoteRequest.of(dataset);
        GateDecision open = new GateDecision(request, GateDecision.Verdict.OPEN, null, "generic", 3, 17, 1, null, null,
                0);

        assertThatThrownBy(() -> producer.requestBody("direct:publish-version", open))
                .hasRootCauseInstanceOf(IllegalStateException.class)
                .rootCause().hasMessageStartingWith("Verification of s3://" + production() + "/" + dataset
                        + "/v1/b.txt failed");
        // one file at a time: a copied, b deleted after failing its check, c never copied, no manifest
        assertThat(objects(dataset + "/")).extracting(S3Object::key).containsExactly(dataset + "/v1/a.txt");

        // the next attempt at version 1 finds a's copy in its one listing of v1/ and keeps it: the marker, which a
        // copy would replace, stays
        String a = dataset + "/v1/a.txt";
        Map<String, String> copied = s3.headObject(h -> h.bucket(production()).key(a)).metadata();
        s3.copyObject(c -> c.sourceBucket(production()).sourceKey(a).destinationBucket(production())
                .destinationKey(a).metadataDirective(MetadataDirective.REPLACE)
                .metadata(with(copied, "marker", "the first attempt's copy")));
        putProcessed(processed, dataset + "/b.txt", "bravo", Fixtures.sha256(utf8("bravo")));

        producer.requestBody("direct:publish-version", open);

        assertThat(objects(dataset + "/")).extracting(S3Object::key).containsExactlyInAnyOrder(a,
                dataset + "/v1/b.txt", dataset + "/v1/c.txt", dataset + "/manifest.json");
        assertThat(s3.headObject(h -> h.bucket(production()).key(a)).metadata())
                .containsEntry("marker", "the first attempt's copy");
    }

    private static Map<String, String> with(Map<String, String> metadata, String key, String value) {
        Map<String, String> more = new HashMap<>(metadata);
        more.put(key, value);
        return more;
    }

    /** A lineage step's time as the API gives it. */
    private static Instant time(JsonNode step) {
        JsonNode time = step.get("time");
        return time.isNumber() ? Instant.ofEpochMilli(time.asLong()) : Instant.parse(time.asText());
    }

    private void putProcessed(String bucket, String key, String content, String sha256) {
        s3.putObject(p -> p.bucket(bucket).key(key).metadata(Map.of("sha256", sha256)),
                RequestBody.fromBytes(utf8(content)));
    }

    private String queueUrl(String queue) {
        return sqs.getQueueUrl(q -> q.queueName(names.queues().get(queue).name())).queueUrl();
    }

    private JsonNode awaitManifest(String experiment, int version) {
        return await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> manifest(experiment),
                m -> m.get("version").asInt() == version);
    }

    private JsonNode manifest(String experiment) throws Exception {
        return json.readTree(s3.getObjectAsBytes(g -> g.bucket(production()).key(experiment + "/manifest.json"))
                .asByteArray());
    }

    private List<S3Object> objects(String prefix) {
        return s3.listObjectsV2(l -> l.bucket(production()).prefix(prefix)).contents();
    }

    private String production() {
        return names.buckets().get("production");
    }
}
