package io.bucketbrigade.enrich;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.ingest.ObjectEvent;
import io.bucketbrigade.ingest.S3EventParser;
import io.bucketbrigade.ingest.S3EventParserTest;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.RequestLog;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A processed object the server wrote, overwritten from outside, against the local stack with the watcher feeding
 * the processed-events route: it is a rejection ({@code tampered-output}), a finding of verify, a WARN, a metric and
 * a letter in the processed-events dead-letter view, and the dataset is held from publication until the server's
 * bytes are written back, or until an operator checks the dataset again.
 */
@BrigadeServerTest
class TamperedOutputTest {

    @Autowired
    S3Client s3;
    @Autowired
    BrigadeProperties names;
    @Autowired
    TestRestTemplate http;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    MeterRegistry meters;
    @Autowired
    Catalogue catalogue;
    @Autowired
    S3EventParser events;
    @Autowired
    DynamoDbClient dynamoDb;
    @Autowired
    SqsClient sqs;

    final String experiment = Fixtures.experimentId();

    @Test
    void anOverwrittenProcessedObjectHoldsItsDatasetUntilRestoredOrCheckedAgain() {
        depositSample();
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> s3.headObject(h -> h
                .bucket(production()).key(experiment + "/manifest.json")) != null);
        double tamperedBefore = tamperedMetric();

        String features = experiment + "/s1/features.tsv.gz";
        byte[] ours = s3.getObjectAsBytes(g -> g.bucket(processed()).key(features)).asByteArray();
        byte[] theirs = gzip("G1\tg1\nG2\tg2\nG3\tother\n");
        put(processed(), features, theirs);

        await().atMost(Duration.ofSeconds(60)).until(() -> dataset().get("tampered").has(features));
        JsonNode rejection = http.getForObject("/api/rejections?dataset=" + experiment + "&rule=tampered-output",
                JsonNode.class).get(0);
        assertThat(rejection.get("key").asText()).isEqualTo(features);
        assertThat(rejection.get("message").asText()).contains("overwritten from outside",
                Fixtures.sha256(theirs), "POST /api/datasets/" + experiment + "/check");
        assertThat(tamperedMetric()).isEqualTo(tamperedBefore + 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterReasons().stream()
                .anyMatch(r -> r.startsWith("tampered-output: s3://" + processed() + "/" + features)));
        JsonNode verify = http.postForObject("/api/jobs/verify", Map.of("dataset", experiment), JsonNode.class);
        assertThat(texts(verify.at("/result/findings"))).anyMatch(f -> f.startsWith("tampered processed s3://"
                + processed() + "/" + features + ": overwritten from outside"));

        String held = promote();
        assertThat(held).startsWith("HELD: tampered-output: " + features);
        assertThat(manifestVersion()).as("not published again with their bytes").isEqualTo(1);

        put(processed(), features, ours);
        await().atMost(Duration.ofSeconds(60)).until(() -> dataset().get("tampered").isEmpty());
        await().atMost(Duration.ofSeconds(60)).until(() -> "PUBLISHED".equals(productionStatus()));
        assertThat(manifestVersion()).as("the server's bytes: nothing new to publish").isEqualTo(1);

        String barcodes = experiment + "/s1/barcodes.tsv.gz";
        put(processed(), barcodes, gzip("B1\nB3\n"));
        await().atMost(Duration.ofSeconds(60)).until(() -> dataset().get("tampered").has(barcodes));
        assertThat(promote()).startsWith("HELD: tampered-output: " + barcodes);

        JsonNode checked = http.postForObject("/api/datasets/" + experiment + "/check", null, JsonNode.class);
        assertThat(checked.get("released").has(barcodes)).isTrue();
        assertThat(dataset().get("tampered").isEmpty()).isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> manifestVersion() == 2);
    }

    /** A new key that matches a profile's outputs is an external output, as before, not tampering. */
    @Test
    void aNewOutputKeyIsStillAnExternalOutput() {
        put(names.buckets().get("original"), experiment + "/s1/barcodes.tsv.gz", gzip("B1\nB2\n"));
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> s3.headObject(h -> h
                .bucket(processed()).key(experiment + "/s1/barcodes.tsv.gz")) != null);

        put(processed(), experiment + "/r.rds", utf8("rds"));

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode lineage = http.getForObject("/api/lineage?bucket=" + processed() + "&key=" + experiment
                    + "/r.rds", JsonNode.class);
            return lineage != null && lineage.toString().contains("written-externally");
        });
        assertThat(dataset().get("tampered").isEmpty()).isTrue();
        assertThat(http.getForObject("/api/rejections?dataset=" + experiment + "&rule=tampered-output",
                JsonNode.class)).isEmpty();
    }

    /**
     * The processed-events route knows the server's own copy by the ETag enrich catalogued, without asking S3;
     * other bytes at that key are looked at, and found. (Counted on a client of its own: the server's may be busy
     * with other tests' work meanwhile.)
     */
    @Test
    void theServersOwnCopyIsKnownByItsCataloguedETagWithoutAHeadObject() {
        depositSample();
        await().atMost(Duration.ofSeconds(120)).until(() -> "PUBLISHED".equals(productionStatus())); // all done
        String features = experiment + "/s1/features.tsv.gz";
        assertThat(catalogue.processedCopy(features)).get().extracting(Catalogue.ProcessedCopy::eTag).isNotNull();
        String ours = s3.headObject(h -> h.bucket(processed()).key(features)).eTag();
        ObjectEvent event = new ObjectEvent(processed(), features, 20, ours, "00", "ObjectCreated:Put",
                Instant.now(), "test");
        RequestLog requests = new RequestLog();
        try (StackClients counted = new StackClients(SharedLocalStack.get(), requests)) {
            ProcessedChanges changes = new ProcessedChanges(counted.s3(), catalogue, datasets);

            assertThat(changes.classify(event).kind()).isEqualTo(ProcessedChange.Kind.UNCHANGED);
            assertThat(requests.operations()).as("no HeadObject for the server's own copy").isEmpty();

            String theirs = s3.putObject(p -> p.bucket(processed()).key(features),
                    RequestBody.fromBytes(gzip("G1\tother\n"))).eTag();
            assertThat(changes.classify(new ObjectEvent(processed(), features, 20, theirs, "01",
                    "ObjectCreated:Put", Instant.now(), "test")).kind()).isEqualTo(ProcessedChange.Kind.TAMPERED);
            assertThat(requests.operations()).as("other bytes are looked at").contains("HeadObject");
        }
    }

    /**
     * The event of the server's own copy in processed is classified and dropped: it takes no claim. An external
     * output brought by the same message, after it, is taken once, as before.
     */
    @Test
    void theServersOwnCopyTakesNoClaimAnExternalOutputDoes() {
        depositSample();
        await().atMost(Duration.ofSeconds(120)).until(() -> "PUBLISHED".equals(productionStatus()));
        String features = experiment + "/s1/features.tsv.gz";
        String ours = s3.headObject(h -> h.bucket(processed()).key(features)).eTag().replace("\"", "");
        String output = experiment + "/own-copy.rds";
        String theirs = s3.putObject(p -> p.bucket(processed()).key(output), RequestBody.fromBytes(utf8("rds")))
                .eTag().replace("\"", "");
        // sequencers of their own, so that these versions' claims are not those of the watcher's events
        String message = S3EventParserTest.message(
                S3EventParserTest.record("ObjectCreated:Put", features, ours, "FFFFFFFFFFFFFFFF01"),
                S3EventParserTest.record("ObjectCreated:Put", output, theirs, "FFFFFFFFFFFFFFFF02"))
                .replace("\"orig\"", "\"" + processed() + "\"");
        List<ObjectEvent> sent = events.parse(message);
        sqs.sendMessage(m -> m.queueUrl(sqs.getQueueUrl(q -> q.queueName(names.queues().get("processed-events")
                .name())).queueUrl()).messageBody(message));

        await().atMost(Duration.ofSeconds(60)).until(() -> "DONE".equals(claim(sent.get(1))));
        assertThat(claim(sent.get(0))).as("the server's own copy, handled before the output, is not claimed")
                .isNull();
    }

    /** The state of the processed-events route's claim of this version, or null when there is none. */
    private String claim(ObjectEvent event) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(names.tables().get("idempotency")
                .name()).consistentRead(true).key(Map.of("id", AttributeValue.fromS("external:"
                + event.idempotencyKey())))).item();
        return item == null || item.isEmpty() ? null : item.get("state").s();
    }

    private void depositSample() {
        put(names.buckets().get("original"), experiment + "/s1/barcodes.tsv.gz", gzip("B1\nB2\n"));
        put(names.buckets().get("original"), experiment + "/s1/features.tsv.gz", gzip("G1\tg1\nG2\tg2\nG3\tg3\n"));
        put(names.buckets().get("original"), experiment + "/s1/matrix.mtx", utf8(
                "%%MatrixMarket matrix coordinate integer general\n3 2 3\n1 1 5\n2 2 1\n3 1 7\n"));
    }

    private String promote() {
        JsonNode run = http.postForObject("/api/jobs/promote", Map.of("dataset", experiment), JsonNode.class);
        assertThat(run.get("state").asText()).as(run.toString()).startsWith("SUCCEEDED");
        return productionStatus();
    }

    private String productionStatus() {
        return dataset().at("/status/production").asText();
    }

    private JsonNode dataset() {
        return http.getForObject("/api/datasets/" + experiment, JsonNode.class);
    }

    private int manifestVersion() {
        return dataset().at("/published/version").asInt();
    }

    private List<String> deadLetterReasons() {
        List<String> reasons = new ArrayList<>();
        http.getForObject("/api/dead-letters?queue=processed-events", JsonNode.class)
                .forEach(letter -> reasons.add(letter.at("/attributes/brigadeReason").asText()));
        return reasons;
    }

    private double tamperedMetric() {
        String metrics = http.getForObject("/actuator/prometheus", String.class);
        return metrics.lines().filter(l -> l.startsWith("brigade_processed_tampered_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
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
