package io.bucketbrigade.promote;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.ProductionStatus;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Deposits;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.Jmx;
import io.bucketbrigade.support.TemporaryFolders;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Retraction as a curator does it, dry run first: the manifest becomes a tombstone (why, who, when, the versions),
 * a notification goes out, the records say RETRACTED, and the dataset is published again only once a new deposit is
 * checked. An older version can be deprecated, and the manifests after it say so. Bad requests change nothing.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=retraction", "brigade.watcher.period=300ms"})
class RetractionTest {

    @Autowired
    S3Client s3;
    @Autowired
    SqsClient sqs;
    @Autowired
    BrigadeProperties names;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    TestRestTemplate http;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    Catalogue catalogue;
    @Value("${brigade.ops.jmx.port}")
    int jmxPort;

    @TempDir
    Path folder;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void aRetractionDryRunFirstThenATombstoneANotificationAndANewCheckBeforeItIsPublishedAgain() throws Exception {
        String experiment = Fixtures.experimentId();
        deposit(experiment, "B1\nB2\n");
        awaitManifest(experiment, 1);

        ResponseEntity<JsonNode> dryRun = retract(experiment, Map.of("reason", "consent withdrawn", "by", "curator",
                "dryRun", true));
        assertThat(dryRun.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(dryRun.getBody().get("operations")).extracting(JsonNode::asText).anySatisfy(line ->
                assertThat(line).startsWith("RECORD dataset " + experiment + " RETRACTED: consent withdrawn"))
                .anySatisfy(line -> assertThat(line).startsWith("WRITE s3://" + production() + "/" + experiment
                        + "/manifest.json (tombstone: retracted, versions [1])"));
        assertThat(manifest(experiment).has("retracted")).as("a dry run changes nothing").isFalse();
        assertThat(datasets.find(experiment).orElseThrow().status().production())
                .isEqualTo(ProductionStatus.PUBLISHED);

        ResponseEntity<JsonNode> done = retract(experiment, Map.of("reason", "consent withdrawn", "by", "curator"));

        assertThat(done.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode tombstone = manifest(experiment);
        assertThat(tombstone.at("/retracted/reason").asText()).isEqualTo("consent withdrawn");
        assertThat(tombstone.at("/retracted/by").asText()).isEqualTo("curator");
        assertThat(tombstone.at("/retracted/at").asText()).isNotBlank();
        assertThat(tombstone.at("/retracted/versions")).extracting(JsonNode::asInt).containsExactly(1);
        assertThat(tombstone.get("files")).isEmpty();
        assertThat(objects(experiment + "/v1/")).as("tenx keeps a retracted dataset's objects").hasSize(4);
        assertThat(datasets.find(experiment).orElseThrow().status().production())
                .isEqualTo(ProductionStatus.retracted("consent withdrawn"));
        JsonNode view = http.getForObject("/api/datasets/" + experiment, JsonNode.class);
        assertThat(view.get("published").isNull()).isTrue();
        assertThat(view.at("/retraction/reason").asText()).isEqualTo("consent withdrawn");
        assertThat(awaitEvent(experiment, "io.bucketbrigade.dataset.retracted").at("/data/versions/0").asInt())
                .isEqualTo(1);

        // the promote hop asked again (the promote job, a re-sent request) keeps it out
        Object again = producer.requestBody("direct:promote-dataset", experiment);
        assertThat(((PromoteOutcome) again).outcome()).isEqualTo("RETRACTED: consent withdrawn");
        assertThat(manifest(experiment).has("retracted")).isTrue();
        assertThat(retract(experiment, Map.of("reason", "twice")).getStatusCode()).as("nothing published")
                .isEqualTo(HttpStatus.CONFLICT);

        // a new deposit is checked, and then published as the next version
        s3.putObject(p -> p.bucket(names.buckets().get("original")).key(experiment + "/s1/barcodes.tsv.gz"),
                RequestBody.fromBytes(gzip("C1\nC2\n")));
        JsonNode second = awaitManifest(experiment, 2);
        assertThat(second.has("retracted")).isFalse();
        assertThat(second.get("files")).hasSize(4);
        // the records follow the manifest: the retraction is over, and the catalogue keeps it as history
        await().atMost(Duration.ofSeconds(30)).until(() -> datasets.find(experiment).orElseThrow().status()
                .production(), ProductionStatus.PUBLISHED::equals);
        assertThat(datasets.find(experiment).orElseThrow().retraction()).isNull();
        assertThat(http.getForObject("/api/datasets/" + experiment, JsonNode.class).get("retraction").isNull())
                .isTrue();
        org.bson.Document asset = catalogue.asset(experiment).orElseThrow();
        assertThat(asset.get("retraction")).isNull();
        assertThat(asset.getList("past_retractions", org.bson.Document.class)).singleElement()
                .satisfies(r -> assertThat(r.getString("reason")).isEqualTo("consent withdrawn"));
    }

    @Test
    void anOlderVersionIsDeprecatedInTheManifestAndStaysSoInTheNextOne() throws Exception {
        String experiment = Fixtures.experimentId();
        deposit(experiment, "B1\nB2\n");
        awaitManifest(experiment, 1);
        s3.putObject(p -> p.bucket(names.buckets().get("original")).key(experiment + "/s1/barcodes.tsv.gz"),
                RequestBody.fromBytes(gzip("C1\nC2\n")));
        awaitManifest(experiment, 2);

        ResponseEntity<JsonNode> deprecated = http.postForEntity("/api/datasets/" + experiment
                + "/versions/1/deprecation", Map.of("reason", "wrong barcodes", "by", "curator"), JsonNode.class);

        assertThat(deprecated.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode manifest = manifest(experiment);
        assertThat(manifest.get("version").asInt()).isEqualTo(2);
        assertThat(manifest.at("/deprecated/0/version").asInt()).isEqualTo(1);
        assertThat(manifest.at("/deprecated/0/reason").asText()).isEqualTo("wrong barcodes");
        assertThat(manifest.at("/deprecated/0/by").asText()).isEqualTo("curator");
        assertThat(objects(experiment + "/v1/")).as("a deprecated version's objects stay").hasSize(4);

        s3.putObject(p -> p.bucket(names.buckets().get("original")).key(experiment + "/s1/barcodes.tsv.gz"),
                RequestBody.fromBytes(gzip("D1\nD2\n")));
        JsonNode third = awaitManifest(experiment, 3);
        assertThat(third.at("/deprecated/0/version").asInt()).isEqualTo(1);
        assertThat(third.at("/deprecated/0/reason").asText()).isEqualTo("wrong barcodes");

        // the current version is not deprecated but retracted; a version production never held is unknown
        assertThat(deprecate(experiment, 3, "no").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(deprecate(experiment, 9, "no").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(manifest(experiment)).isEqualTo(third);
    }

    @Test
    void badRetractionsAndDeprecationsGetAClearRefusalAndChangeNothing() throws Exception {
        String unpublished = Fixtures.experimentId();
        deposit(unpublished, "B1\nB2\nB3\n"); // three barcodes, two matrix columns: Invalid, never published
        await().atMost(Duration.ofSeconds(90)).until(() -> datasets.find(unpublished)
                .map(d -> d.status().production()).orElse(null), ProductionStatus.held("the dataset is Invalid")::equals);

        ResponseEntity<JsonNode> unknown = retract("no-such-dataset", Map.of("reason", "x"));
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(unknown.getBody().get("message").asText()).isEqualTo("No dataset 'no-such-dataset'");
        ResponseEntity<JsonNode> missingReason = retract(unpublished, Map.of("dryRun", false));
        assertThat(missingReason.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missingReason.getBody().get("message").asText()).startsWith("A reason is required");
        assertThat(deprecate("no-such-dataset", 1, "x").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);

        try (Jmx jmx = Jmx.connect(jmxPort, null, null)) {
            Object refused = jmx.connection().invoke(new ObjectName("io.bucketbrigade:type=Datasets"), "retract",
                    new Object[] {unpublished, "checked in jconsole", true},
                    new String[] {"java.lang.String", "java.lang.String", "boolean"});
            assertThat((String[]) refused).containsExactly("NOT_PUBLISHED: Dataset '" + unpublished
                    + "' is not published: there is nothing to retract");
        }
        ResponseEntity<JsonNode> notPublished = retract(unpublished, Map.of("reason", "x"));
        assertThat(notPublished.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(deprecate(unpublished, 1, "x").getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(datasets.find(unpublished).orElseThrow().retraction()).isNull();
        assertThat(objects(unpublished + "/")).isEmpty();
    }

    @Test
    void aProfileThatDeletesOnRetractionLeavesOnlyTheTombstone() throws Exception {
        String dataset = "retract-" + Fixtures.experimentId();
        s3.putObject(p -> p.bucket(names.buckets().get("original")).key(dataset + "/a.txt"),
                RequestBody.fromBytes(utf8("alpha")));
        awaitManifest(dataset, 1);
        assertThat(objects(dataset + "/v1/")).extracting(S3Object::key)
                .containsExactlyInAnyOrder(dataset + "/v1/a.txt", dataset + "/v1/dataset_metadata.json");

        ResponseEntity<JsonNode> done = retract(dataset, Map.of("reason", "deposited by mistake"));

        assertThat(done.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(done.getBody().get("objectsDeleted").asBoolean()).isTrue();
        assertThat(done.getBody().get("operations")).extracting(JsonNode::asText)
                .contains("DELETE s3://" + production() + "/" + dataset + "/v1/a.txt (retracted)");
        assertThat(objects(dataset + "/")).extracting(S3Object::key)
                .containsExactly(dataset + "/manifest.json");
        assertThat(manifest(dataset).at("/retracted/reason").asText()).isEqualTo("deposited by mistake");
    }

    @Test
    void aRetractionWhoseDeletesAStopCutShortIsFinishedByRetractingAgain() throws Exception {
        String dataset = "retract-" + Fixtures.experimentId();
        s3.putObject(p -> p.bucket(names.buckets().get("original")).key(dataset + "/a.txt"),
                RequestBody.fromBytes(utf8("alpha")));
        awaitManifest(dataset, 1);
        assertThat(retract(dataset, Map.of("reason", "consent withdrawn")).getStatusCode()).isEqualTo(HttpStatus.OK);
        // what a stop between the tombstone and the deletes leaves: an object of the withdrawn version
        s3.putObject(p -> p.bucket(production()).key(dataset + "/v1/a.txt"), RequestBody.fromBytes(utf8("alpha")));

        ResponseEntity<JsonNode> dryRun = retract(dataset, Map.of("reason", "again", "dryRun", true));
        assertThat(dryRun.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(dryRun.getBody().get("resumed").asBoolean()).isTrue();
        assertThat(dryRun.getBody().get("operations")).extracting(JsonNode::asText)
                .containsExactly("DELETE s3://" + production() + "/" + dataset + "/v1/a.txt (retracted)");
        assertThat(objects(dataset + "/v1/")).hasSize(1);

        ResponseEntity<JsonNode> resumed = retract(dataset, Map.of("reason", "again"));
        assertThat(resumed.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(resumed.getBody().at("/retraction/reason").asText()).as("the retraction it finishes")
                .isEqualTo("consent withdrawn");
        assertThat(objects(dataset + "/")).extracting(S3Object::key).containsExactly(dataset + "/manifest.json");
        assertThat(manifest(dataset).at("/retracted/reason").asText()).isEqualTo("consent withdrawn");
        assertThat(retract(dataset, Map.of("reason", "again")).getStatusCode()).as("nothing left to do")
                .isEqualTo(HttpStatus.CONFLICT);
    }

    /** The shipped profiles, with generic datasets' objects deleted on retraction. */
    @DynamicPropertySource
    static void profilesThatDeleteGenericDatasetsOnRetraction(DynamicPropertyRegistry registry) throws IOException {
        Path profiles = TemporaryFolders.copyOf("profiles");
        Files.writeString(profiles.resolve("generic.yaml"), "promote:\n  retraction: delete\n",
                StandardOpenOption.APPEND);
        registry.add("brigade.profiles.directory", profiles::toString);
    }

    ResponseEntity<JsonNode> retract(String datasetId, Map<String, Object> body) {
        return http.postForEntity("/api/datasets/" + datasetId + "/retraction", body, JsonNode.class);
    }

    ResponseEntity<JsonNode> deprecate(String datasetId, int version, String reason) {
        return http.postForEntity("/api/datasets/" + datasetId + "/versions/" + version + "/deprecation",
                Map.of("reason", reason), JsonNode.class);
    }

    void deposit(String experiment, String barcodes) {
        Deposits.syncTenx(folder, names.buckets().get("original"), experiment, gzip(barcodes));
    }

    JsonNode awaitManifest(String experiment, int version) {
        return await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> manifest(experiment),
                m -> m.get("version").asInt() == version && !m.has("retracted"));
    }

    JsonNode manifest(String experiment) throws Exception {
        return json.readTree(s3.getObjectAsBytes(g -> g.bucket(production()).key(experiment + "/manifest.json"))
                .asByteArray());
    }

    List<S3Object> objects(String prefix) {
        return s3.listObjectsV2(l -> l.bucket(production()).prefix(prefix)).contents();
    }

    JsonNode awaitEvent(String subject, String type) {
        String url = sqs.getQueueUrl(q -> q.queueName(names.queues().get("events").name())).queueUrl();
        List<JsonNode> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (Message message : sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                JsonNode event = json.readTree(message.body());
                if (subject.equals(event.path("subject").asText()) && type.equals(event.path("type").asText())) {
                    found.add(event);
                }
            }
            return !found.isEmpty();
        });
        return found.get(0);
    }

    String production() {
        return names.buckets().get("production");
    }
}
