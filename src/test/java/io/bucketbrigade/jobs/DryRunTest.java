package io.bucketbrigade.jobs;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.CanonicalJson;
import io.bucketbrigade.staging.Environments;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Fixtures;
import org.apache.camel.CamelContext;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Every mutating job has a dry run that lists its planned operations, one per line, and writes nothing: with work
 * waiting for each (a valid experiment not yet published, catalogue and S3 out of agreement, a derived asset
 * without a record, a dead letter, a sandbox to stage and one to unstage), the buckets, tables, collections and
 * dead-letter queue listed before and after the dry runs are equal; the same jobs run for real then change them.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=dryrun", "brigade.watcher.period=300ms"})
class DryRunTest {

    static final String STAGING_ENV = "dryrunstage";

    @Autowired
    S3Client s3;
    @Autowired
    DynamoDbClient dynamoDb;
    @Autowired
    SqsClient sqs;
    @Autowired
    MongoClient mongo;
    @Autowired
    BrigadeProperties names;
    @Autowired
    Environments environments;
    @Autowired
    CamelContext camel;
    @Autowired
    TestRestTemplate http;

    @Test
    void dryRunsListTheirOperationsAndWriteNothing() throws Exception {
        // a valid experiment that is not published yet: its promote consumer is stopped
        camel.getRouteController().stopRoute("promote-from-queue");
        String experiment = Fixtures.experimentId();
        put(names.buckets().get("original"), experiment + "/s1/barcodes.tsv.gz", gzip("B1\nB2\n"));
        put(names.buckets().get("original"), experiment + "/s1/features.tsv.gz", gzip("G1\tg1\nG2\tg2\nG3\tg3\n"));
        put(names.buckets().get("original"), experiment + "/s1/matrix.mtx", utf8(
                "%%MatrixMarket matrix coordinate integer general\n3 2 3\n1 1 5\n2 2 1\n3 1 7\n"));
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> http.getForObject(
                "/api/datasets/" + experiment, JsonNode.class).at("/status/processed").asText(), "Valid"::equals);
        // the catalogue and S3 out of agreement: a record with a field S3 lacks, a record whose prefix is gone
        String asset = "ecephys_1_2024-01-01_00-00-00_" + System.nanoTime();
        String assetId = UUID.randomUUID().toString();
        String goneId = UUID.randomUUID().toString();
        assets().insertMany(List.of(aind(assetId, asset).append("subject", new Document("subject_id", "1")),
                aind(goneId, asset + "_gone")));
        put(processed(), asset + "/ecephys/probe_a.dat", new byte[] {1});
        // a derived asset without a record
        String derived = asset + "_sorted_2024-02-01_00-00-00";
        put(processed(), derived + "/data_description.json", CanonicalJson.bytes(Map.of("data_level", "derived")));
        // a dead letter
        String garbage = "not an event " + System.nanoTime();
        sqs.sendMessage(m -> m.queueUrl(queueUrl(names.queues().get("ingest").name())).messageBody(garbage));
        await().atMost(Duration.ofSeconds(60)).until(() -> http.getForObject("/api/dead-letters?queue=ingest",
                JsonNode.class).findValuesAsText("body").contains(garbage));
        // a sandbox staged, to unstage
        String staged = "sb" + System.nanoTime() % 100000;
        JsonNode stagedForReal = http.postForObject("/api/stage", Map.of("sandboxId", staged, "datasets",
                List.of(experiment), "from", names.env(), "to", STAGING_ENV), JsonNode.class);
        assertThat(stagedForReal.get("copied").asInt()).isPositive();

        Map<String, String> before = awaitQuiet();

        JsonNode promote = dryRun("promote", Map.of());
        assertThat(lines(promote)).contains("COPY s3://" + processed() + "/" + experiment + "/s1/matrix.mtx.gz -> s3://"
                + production() + "/" + experiment + "/v1/s1/matrix.mtx.gz", "WRITE s3://" + production() + "/"
                + experiment + "/manifest.json (version 1, 4 files)");
        JsonNode docDbToS3 = dryRun("docdb-to-s3", Map.of());
        assertThat(lines(docDbToS3)).contains(
                "WRITE s3://" + processed() + "/" + asset + "/subject.json (missing)",
                "DELETE docdb://" + names.database() + "/assets/" + goneId + " (no objects under s3://" + processed()
                        + "/" + asset + "_gone/)");
        JsonNode s3ToDocDb = dryRun("s3-to-docdb", Map.of());
        assertThat(lines(s3ToDocDb)).anySatisfy(line -> assertThat(line).startsWith("INSERT docdb://"
                + names.database() + "/assets/").endsWith("(derived asset s3://" + processed() + "/" + derived + ")"));
        JsonNode redrive = dryRun("redrive", Map.of("queue", "ingest", "filter", garbage));
        assertThat(lines(redrive)).singleElement().satisfies(line -> assertThat(line).startsWith(
                "REDRIVE sqs://" + names.queues().get("ingest").deadLetterName() + "/")
                .endsWith(" -> sqs://" + names.queues().get("ingest").name()));
        JsonNode stage = http.postForObject("/api/stage", Map.of("sandboxId", "sbdry", "datasets",
                List.of(experiment), "from", names.env(), "to", STAGING_ENV, "dryRun", true), JsonNode.class);
        assertThat(lines(stage)).isNotEmpty().allSatisfy(line -> assertThat(line).matches("(COPY|PUT) .*"));
        JsonNode unstage = http.postForObject("/api/unstage", Map.of("sandboxId", staged, "env", STAGING_ENV,
                "dryRun", true), JsonNode.class);
        assertThat(lines(unstage)).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("DELETE "));
        HttpHeaders text = new HttpHeaders();
        text.setAccept(List.of(MediaType.TEXT_PLAIN));
        String plain = http.postForObject("/api/jobs/docdb-to-s3?dryRun=true", new HttpEntity<>(Map.of(), text),
                String.class);
        assertThat(plain.lines().toList()).as("text/plain: one operation per line").isEqualTo(lines(docDbToS3));

        assertThat(snapshot()).as("buckets, tables, collections and dead letters after the dry runs")
                .isEqualTo(before);

        http.postForObject("/api/jobs/promote", Map.of("dataset", experiment), JsonNode.class);
        assertThat(s3.getObjectAsBytes(g -> g.bucket(production()).key(experiment + "/manifest.json")).asUtf8String())
                .contains("\"version\" : 1");
        assertThat(snapshot()).as("the same job for real").isNotEqualTo(before);
    }

    private JsonNode dryRun(String job, Map<String, String> parameters) {
        JsonNode run = http.postForObject("/api/jobs/" + job + "?dryRun=true", parameters, JsonNode.class);
        assertThat(run.get("dryRun").asBoolean()).isTrue();
        assertThat(run.get("errors")).as("errors of %s", job).isEmpty();
        return run;
    }

    private static List<String> lines(JsonNode run) {
        List<String> lines = new ArrayList<>();
        run.get("operations").forEach(line -> lines.add(line.asText()));
        return lines;
    }

    /** The snapshot once the server is idle (two readings a second apart agree). */
    private Map<String, String> awaitQuiet() {
        AtomicReference<Map<String, String>> last = new AtomicReference<>(Map.of());
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, String> now = snapshot();
            return now.equals(last.getAndSet(now)) ? now : null;
        }, now -> now != null);
    }

    /**
     * Every object (key and ETag), table item, document and dead letter of this environment and of the staging
     * one. Left out: the instances table and the leader lock, which live instances rewrite every few seconds.
     */
    private Map<String, String> snapshot() {
        Map<String, String> state = new TreeMap<>();
        for (BrigadeProperties env : List.of(names, environments.of(STAGING_ENV))) {
            for (String bucket : env.buckets().values()) {
                try {
                    s3.listObjectsV2Paginator(l -> l.bucket(bucket)).contents()
                            .forEach(o -> state.put("s3://" + bucket + "/" + o.key(), o.eTag()));
                } catch (NoSuchBucketException e) {
                    state.put("s3://" + bucket, "no bucket");
                }
            }
            env.tables().forEach((name, table) -> {
                if (!name.equals("instances") && !name.equals("locks")) {
                    List<String> items = new ArrayList<>();
                    dynamoDb.scanPaginator(s -> s.tableName(table.name())).items()
                            .forEach(item -> items.add(new TreeMap<>(item).toString()));
                    items.sort(null);
                    state.put("dynamodb://" + table.name(), String.join("\n", items));
                }
            });
            var database = mongo.getDatabase(env.database());
            for (String collection : database.listCollectionNames()) {
                List<String> documents = new ArrayList<>();
                database.getCollection(collection).find().forEach(d -> documents.add(d.toJson()));
                documents.sort(null);
                state.put("docdb://" + env.database() + "/" + collection, String.join("\n", documents));
            }
        }
        state.put("sqs://" + names.queues().get("ingest").deadLetterName(), sqs.getQueueAttributes(g -> g
                .queueUrl(queueUrl(names.queues().get("ingest").deadLetterName()))
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes().toString());
        return state;
    }

    private Document aind(String id, String prefix) {
        return new Document("_id", id).append("name", prefix).append("location", "s3://" + processed() + "/" + prefix)
                .append("metadata_status", "Unknown").append("external_links", new Document());
    }

    private com.mongodb.client.MongoCollection<Document> assets() {
        return mongo.getDatabase(names.database()).getCollection(names.collections().get("assets"));
    }

    private String queueUrl(String name) {
        return sqs.getQueueUrl(q -> q.queueName(name)).queueUrl();
    }

    private void put(String bucket, String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private String processed() {
        return names.buckets().get("processed");
    }

    private String production() {
        return names.buckets().get("production");
    }
}
