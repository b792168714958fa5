package io.bucketbrigade.enrich;

import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.s3.CopyChecksums;
import io.bucketbrigade.support.AwsRequestCounts;
import io.bucketbrigade.support.MongoCommandCounts;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Fixtures;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The enrich hop's claims and records of a whole receive: the objects of one dataset that arrive together are
 * claimed in one transaction, recorded together (their facts in one catalogue update, their processed marks in one
 * ledger transaction), ask for one check of their dataset, and each gets its lineage and its claim confirmed.
 * One enrich consumer, so that the messages waiting together are taken in one receive.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=enrich-receives", "brigade.watcher.period=300ms",
        "brigade.enrich.concurrent-consumers=1"})
class EnrichReceivesTest {

    static final String MTX = "%%MatrixMarket matrix coordinate integer general\n3 2 3\n1 1 5\n2 2 1\n3 1 7\n";

    @Autowired
    S3Client s3;
    @Autowired
    SqsClient sqs;
    @Autowired
    DynamoDbClient dynamoDb;
    @Autowired
    MongoClient mongo;
    @Autowired
    BrigadeProperties names;
    @Autowired
    CamelContext camel;
    @Autowired
    MeterRegistry meters;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    Catalogue catalogue;
    @Autowired
    CopyChecksums copyChecksums;

    @Test
    void theObjectsOfOneDatasetInOneReceiveAreClaimedTogetherAskForOneCheckAndEachGetsItsLineage() throws Exception {
        String dataset = Fixtures.experimentId();
        Map<String, String> files = Map.of(dataset + "/s1/barcodes.tsv", "B1\nB2\n",
                dataset + "/s1/features.tsv", "G1\tg1\nG2\tg2\nG3\tg3\n", dataset + "/s1/matrix.mtx", MTX);
        List<Message> checks;
        Map<String, Double> requests;
        double updates;
        camel.getRouteController().stopRoute("check-datasets");
        try {
            camel.getRouteController().stopRoute("enrich-from-queue");
            try {
                files.forEach((key, content) -> s3.putObject(p -> p.bucket(names.buckets().get("original")).key(key),
                        RequestBody.fromBytes(utf8(content))));
                // ingested, their enrich requests waiting together
                await().atMost(Duration.ofSeconds(60)).until(() -> waiting("enrich"), n -> n == files.size());
                // the watcher announces with BatchWriteItem: from here on only the enrich hop confirms with it
                camel.getRouteController().stopRoute("watch-original-bucket");
                copyChecksums.computed(); // S3 asked once whether it computes a copy's checksum, before the count
                requests = AwsRequestCounts.of(meters);
                updates = MongoCommandCounts.of(meters, "update");
            } finally {
                camel.getRouteController().startRoute("enrich-from-queue");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> waiting("enrich") == 0 && inFlight("enrich") == 0);
            checks = take("dataset-checks");
        } finally {
            camel.getRouteController().startRoute("watch-original-bucket");
            camel.getRouteController().startRoute("check-datasets");
        }

        assertThat(checks).extracting(Message::body).as("one check for the dataset's three objects")
                .containsExactly(dataset);
        for (String key : files.keySet()) {
            assertThat(steps(key)).as(key).contains("processed", "extracted");
        }
        assertThat(enrichClaims(dataset)).as("the claims of the three source versions").containsExactly(
                "DONE", "DONE", "DONE");
        Map<String, Double> made = AwsRequestCounts.since(meters, requests);
        assertThat(made).as("the three claimed in one transaction, marked processed in another with their "
                + "dataset's counters, and confirmed in one BatchWriteItem")
                .containsEntry("DynamoDb TransactWriteItems", 2.0)
                .containsEntry("DynamoDb BatchWriteItem", 1.0);
        assertThat(made).as("one HeadObject an object, for what processed holds at its key: each request says "
                + "what its version is stored with in source").containsEntry("S3 HeadObject", (double) files.size())
                .containsEntry("S3 CopyObject", (double) files.size());
        assertThat(MongoCommandCounts.of(meters, "update") - updates).as("the three files' facts in one update")
                .isEqualTo(1.0);
        assertThat(datasets.find(dataset).orElseThrow().counts().processedFiles()).isEqualTo(3);
        assertThat(catalogue.asset(dataset).orElseThrow().getList("files", Document.class))
                .allSatisfy(file -> assertThat(file.get("processed", Document.class)).isNotNull());
        // other PutItems may fall in this window (the leader election renews its lock with one): a claim taken on
        // its own shows as one of three PutItems, or as a claim of the receive released untaken
        assertThat(made.getOrDefault("DynamoDb PutItem", 0.0)).as("PutItem requests").isLessThan(files.size());
        assertThat(made.getOrDefault("DynamoDb DeleteItem", 0.0)).as("claims released").isZero();
    }

    @Test
    void aRequestWhoseVersionIsNoLongerStoredAsItSaysIsCopiedAsSourceHoldsIt() throws Exception {
        String dataset = Fixtures.experimentId();
        String key = dataset + "/s1/barcodes.tsv";
        EnrichRequests requests = new EnrichRequests();
        EnrichRequests.EnrichRequest sent;
        camel.getRouteController().stopRoute("check-datasets"); // its sidecar is not this test's
        try {
            camel.getRouteController().stopRoute("enrich-from-queue");
            try {
                s3.putObject(p -> p.bucket(names.buckets().get("original")).key(key),
                        RequestBody.fromBytes(utf8("B1\n")));
                await().atMost(Duration.ofSeconds(60)).until(() -> waiting("enrich"), n -> n == 1);
                sent = requests.parse(take("enrich").get(0).body());
                // as if its copy in source had been written again (same bytes, another ETag) since the request
                EnrichRequests.EnrichRequest stale = new EnrichRequests.EnrichRequest(sent.datasetId(), sent.key(),
                        sent.sourceKey(), sent.sourceSha256(), sent.uploadId(), new EnrichRequests.Stored(
                                "\"0123456789abcdef0123456789abcdef\"", sent.source().contentType(), Map.of()));
                sqs.sendMessage(m -> m.queueUrl(url("enrich")).messageBody(requests.toJson(stale)));
            } finally {
                camel.getRouteController().startRoute("enrich-from-queue");
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> waiting("enrich") == 0 && inFlight("enrich") == 0);
            take("dataset-checks");
        } finally {
            camel.getRouteController().startRoute("check-datasets");
        }

        assertThat(steps(key)).contains("processed", "extracted");
        var source = s3.headObject(h -> h.bucket(names.buckets().get("source")).key(sent.sourceKey()));
        var processed = s3.headObject(h -> h.bucket(names.buckets().get("processed")).key(sent.sourceKey()));
        assertThat(processed.metadata()).as("the metadata of the object in source, not the request's")
                .containsAllEntriesOf(source.metadata()).containsEntry("written-by", "bucket-brigade");
        assertThat(processed.contentType()).isEqualTo(source.contentType());
    }

    /** The lineage steps of the object's upload. */
    private List<String> steps(String key) {
        var events = mongo.getDatabase(names.database()).getCollection(names.collections().get("lineage"));
        String upload = events.find(Filters.and(Filters.eq("key", key), Filters.eq("step", "received"))).first()
                .getString("upload");
        return events.find(Filters.eq("upload", upload)).map(e -> e.getString("step")).into(new ArrayList<>());
    }

    /** The states of the enrich claims of the dataset's source versions. */
    private List<String> enrichClaims(String dataset) {
        return dynamoDb.scan(s -> s.tableName(names.tables().get("idempotency").name())).items().stream()
                .filter(item -> item.get("id").s().startsWith("enrich:" + dataset + "/"))
                .map(item -> item.get("state")).map(AttributeValue::s).toList();
    }

    private int waiting(String queue) {
        return attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }

    private int inFlight(String queue) {
        return attribute(queue, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    }

    private int attribute(String queue, QueueAttributeName name) {
        return Integer.parseInt(sqs.getQueueAttributes(g -> g.queueUrl(url(queue)).attributeNames(name))
                .attributes().get(name));
    }

    /** The messages waiting on a queue, taken off it. */
    private List<Message> take(String queue) {
        List<Message> taken = new ArrayList<>();
        List<Message> received;
        do {
            received = sqs.receiveMessage(r -> r.queueUrl(url(queue)).maxNumberOfMessages(10)).messages();
            received.forEach(m -> sqs.deleteMessage(d -> d.queueUrl(url(queue)).receiptHandle(m.receiptHandle())));
            taken.addAll(received);
        } while (!received.isEmpty());
        return taken;
    }

    private String url(String queue) {
        return sqs.getQueueUrl(q -> q.queueName(names.queues().get(queue).name())).queueUrl();
    }
}
