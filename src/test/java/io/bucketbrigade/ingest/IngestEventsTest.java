package io.bucketbrigade.ingest;

import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.enrich.EnrichRequests;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.ObjectLedger;
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
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * What arrives on the queue, as S3 really sends it: the same event several times, events out of order, several
 * records in one message, test events, and garbage. The watcher is off: every event here is sent by the test.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=events", "brigade.watcher.enabled=false", "brigade.ingest.lease=2s",
        // one consumer, so that messages sent together are taken in one receive
        "brigade.ingest.concurrent-consumers=1"})
class IngestEventsTest {

    static final String DATASET = "events-" + System.nanoTime();

    @Autowired
    S3Client s3;
    @Autowired
    SqsClient sqs;
    @Autowired
    DynamoDbClient dynamoDb;
    @Autowired
    MongoClient mongo;
    @Autowired
    ObjectLedger ledger;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    Catalogue catalogue;
    @Autowired
    BrigadeProperties names;
    @Autowired
    MeterRegistry meters;
    @Autowired
    CamelContext camel;

    @Test
    void theSameEventThreeTimesGivesOneCopyOneRecordAndOneLineageEventPerStep() {
        String key = DATASET + "/once.txt";
        String body = event(key, put(key, "deposited once"), "0A1");
        double copiedBefore = copied();

        for (int i = 0; i < 3; i++) {
            send(body);
        }

        awaitQueueDrained();
        assertThat(copied() - copiedBefore).as("objects copied to source").isEqualTo(1.0);
        assertThat(ledger.find(DATASET, key)).hasValueSatisfying(e -> assertThat(e.state()).isEqualTo(LedgerEntry.State.COPIED));
        assertThat(steps(key)).containsExactlyInAnyOrder("received", "validated", "copied");
        assertThat(source(key)).isEqualTo("deposited once");
        assertThat(datasets.find(DATASET).orElseThrow().counts().sourceFiles()).isEqualTo(
                ledger.dataset(DATASET).stream().filter(e -> e.state() == LedgerEntry.State.COPIED).count());
    }

    @Test
    void oneReceiveMixingGoodRefusedPoisonAndDuplicateMessagesSettlesEachOnItsOwnWithOneDelete() throws Exception {
        String good = DATASET + "/receive/good.txt";
        String other = DATASET + "/receive/other.txt";
        String refused = DATASET + "/receive/paren(1).txt";
        String goodEvent = event(good, put(good, "good"), "0B1");
        String poison = "poison " + System.nanoTime();
        String otherEvent = event(other, put(other, "other"), "0B2");
        List<String> bodies = List.of(goodEvent, otherEvent,
                event(DATASET + "/receive/paren%281%29.txt", put(refused, "refused"), "0B3"), poison, goodEvent);
        double deleteRequests = count("brigade.queue.delete.requests");
        double deleted = count("brigade.queue.settled", "outcome", "deleted");
        // the hops after ingest wait, so that what ingest asks of them stays on their queues to be read
        camel.getRouteController().stopRoute("enrich-from-queue");
        camel.getRouteController().stopRoute("check-datasets");
        List<Message> enrichRequests;
        List<Message> checkRequests;
        Map<String, Double> requests;
        double catalogueUpdates;
        // the dataset's first ledger write creates its item (one transaction refused, a PutItem, the transaction
        // again) when no earlier test of the class has deposited into it
        boolean datasetExisted = datasets.find(DATASET).isPresent();
        try {
            camel.getRouteController().stopRoute("ingest-from-queue");
            try {
                String url = queue(names.queues().get("ingest").name());
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                for (int i = 0; i < bodies.size(); i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(bodies.get(i)).build());
                }
                assertThat(sqs.sendMessageBatch(b -> b.queueUrl(url).entries(entries)).failed()).isEmpty();
                requests = AwsRequestCounts.of(meters);
                catalogueUpdates = MongoCommandCounts.of(meters, "update");
            } finally {
                camel.getRouteController().startRoute("ingest-from-queue");
            }
            awaitQueueDrained();
            enrichRequests = take(names.queues().get("enrich").name());
            checkRequests = take(names.queues().get("dataset-checks").name());
        } finally {
            camel.getRouteController().startRoute("enrich-from-queue");
            camel.getRouteController().startRoute("check-datasets");
        }

        assertThat(count("brigade.queue.delete.requests") - deleteRequests).as("DeleteMessageBatch requests")
                .isEqualTo(1.0);
        assertThat(enrichRequests).extracting(message -> new EnrichRequests().parse(message.body())).as("one enrich "
                + "request per object written, naming the version in source and what it is stored with there")
                .containsExactlyInAnyOrder(
                        enrichRequest(goodEvent, "good"), enrichRequest(otherEvent, "other"));
        assertThat(checkRequests).extracting(Message::body).as("the refusal's dataset checked again, once")
                .containsExactly(DATASET);
        Map<String, Double> made = AwsRequestCounts.since(meters, requests);
        assertThat(made).as("one SendMessageBatch each for the enrich and the check requests, one BatchWriteItem "
                + "for the claims").containsEntry("Sqs SendMessageBatch", 2.0)
                .containsEntry("DynamoDb BatchWriteItem", 1.0);
        assertThat(made).as("the receive's three versions claimed in one transaction, with the ledger's three"
                + (datasetExisted ? "" : " and the first one's again once its dataset was created"))
                .containsEntry("DynamoDb TransactWriteItems", datasetExisted ? 4.0 : 5.0);
        // each ledger entry read once: a copy's before its commit, the refusal's when it is checked for a newer
        // version (its write starts from that read)
        assertThat(made.getOrDefault("DynamoDb GetItem", 0.0)).as("GetItem requests: three, or four with another"
                + " server's (five when the refusal's write read the entry again)").isBetween(3.0, 4.0);
        // other PutItems may fall in this window (the leader election renews its lock with one): a version claimed
        // on its own shows as one of three PutItems, or as a claim of the receive released untaken
        assertThat(made.getOrDefault("DynamoDb PutItem", 0.0)).as("PutItem requests").isLessThan(3.0);
        assertThat(made.getOrDefault("DynamoDb DeleteItem", 0.0)).as("claims released").isZero();
        assertThat(claim(goodEvent)).as("the claims confirmed").isEqualTo("DONE");
        assertThat(claim(otherEvent)).isEqualTo("DONE");
        assertThat(count("brigade.queue.settled", "outcome", "deleted") - deleted)
                .as("messages deleted, the poison one included")
                .isEqualTo(5.0);
        assertThat(MongoCommandCounts.of(meters, "update") - catalogueUpdates)
                .as("the two files' catalogue entries in one update (one a file was two)").isEqualTo(1.0);
        assertThat(catalogue.asset(DATASET).orElseThrow().getList("files", Document.class))
                .extracting(f -> f.getString("key")).contains(good, other).doesNotContain(refused);
        assertThat(source(good)).isEqualTo("good");
        assertThat(steps(good)).as("the duplicate is skipped").containsExactlyInAnyOrder("received", "validated",
                "copied");
        assertThat(source(other)).isEqualTo("other");
        assertThat(ledger.find(DATASET, refused)).hasValueSatisfying(e -> {
            assertThat(e.state()).isEqualTo(LedgerEntry.State.REJECTED);
            assertThat(e.rule()).isEqualTo("special-character");
        });
        List<Message> dead = deadLetters().stream().filter(m -> m.body().equals(poison)).toList();
        assertThat(dead).as("the poison message, once on the dead-letter queue").hasSize(1);
        assertThat(dead.get(0).messageAttributes().get("brigadeReason").stringValue()).startsWith("not JSON");
        assertThat(dead.get(0).messageAttributes().get("brigadeRoute").stringValue()).isEqualTo("ingest-from-queue");
    }

    @Test
    void aTestEventIsIgnored() {
        send("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-01-01T00:00:00.000Z\","
                + "\"Bucket\":\"" + original() + "\",\"RequestId\":\"r\",\"HostId\":\"h\"}");

        awaitQueueDrained();
        assertThat(deadLetters()).noneMatch(m -> m.body().contains("s3:TestEvent"));
    }

    @Test
    void garbageGoesToTheDeadLetterQueueWithItsReason() {
        String garbage = "garbage " + System.nanoTime() + ": not an event at all";

        send(garbage);

        Message dead = await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters().stream()
                .filter(m -> m.body().equals(garbage)).findFirst().orElse(null), m -> m != null);
        assertThat(dead.messageAttributes().get("brigadeReason").stringValue())
                .startsWith("not JSON: Unrecognized token 'garbage'");
        assertThat(dead.messageAttributes().get("brigadeRoute").stringValue()).isEqualTo("ingest-from-queue");
        assertThat(dead.messageAttributes()).containsKey("brigadeFailedAt");
        awaitQueueDrained();
    }

    @Test
    void severalRecordsInOneMessageWithUrlEncodedKeys() {
        String first = DATASET + "/multi/a-1.txt";
        String second = DATASET + "/multi/b_2.txt";
        String eTag1 = put(first, "first");
        String eTag2 = put(second, "second");

        send(S3EventParserTest.message(
                record(DATASET + "/multi/a%2D1.txt", eTag1, "10"), record(second, eTag2, "11")));

        awaitCopied(first);
        awaitCopied(second);
        assertThat(source(first)).isEqualTo("first");
        assertThat(source(second)).isEqualTo("second");
    }

    @Test
    void anOlderEventArrivingLateChangesNothing() {
        String key = DATASET + "/versioned.txt";
        String oldETag = put(key, "version one");
        String oldEvent = event(key, oldETag, "0100");
        String newETag = put(key, "version two");

        send(event(key, newETag, "0200"));
        awaitCopied(key);
        send(oldEvent);

        awaitQueueDrained();
        assertThat(ledger.find(DATASET, key).orElseThrow().eTag()).isEqualTo(newETag);
        assertThat(source(key)).isEqualTo("version two");
        assertThat(lineage(key)).filteredOn(e -> e.getString("etag").equals(oldETag))
                .extracting(e -> e.getString("step")).containsExactly("received");
    }

    @Test
    void aRefusedKeyDepositedAgainIsRefusedAgainAndAnOlderEventArrivingLateChangesNothing() {
        String key = DATASET + "/again/paren(2).txt";
        String encoded = DATASET + "/again/paren%282%29.txt";
        String oldestETag = put(key, "refused, its event late");
        String olderETag = put(key, "refused once");
        send(event(encoded, olderETag, "0300"));
        awaitRecorded(key, olderETag);
        String newETag = put(key, "refused twice");

        send(event(encoded, newETag, "0400"));
        awaitRecorded(key, newETag);
        send(event(encoded, oldestETag, "0200"));
        awaitQueueDrained();

        assertThat(ledger.find(DATASET, key)).as("the refusal of the newest version, over the older one's")
                .hasValueSatisfying(e -> {
                    assertThat(e.state()).isEqualTo(LedgerEntry.State.REJECTED);
                    assertThat(e.eTag()).isEqualTo(newETag);
                    assertThat(e.rule()).isEqualTo("special-character");
                });
        assertThat(lineage(key)).filteredOn(e -> e.getString("etag").equals(newETag))
                .extracting(e -> e.getString("step")).containsExactlyInAnyOrder("received", "rejected");
        assertThat(lineage(key)).filteredOn(e -> e.getString("etag").equals(olderETag))
                .extracting(e -> e.getString("step")).containsExactlyInAnyOrder("received", "rejected");
        assertThat(lineage(key)).as("the version older than both, whose event came last: skipped as stale")
                .filteredOn(e -> e.getString("etag").equals(oldestETag))
                .extracting(e -> e.getString("step")).containsExactly("received");
        assertThatThrownBy(() -> s3.headObject(h -> h.bucket(names.buckets().get("source")).key(key)))
                .as("nothing in source").isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void anObjectLeftHalfDoneByACrashedInstanceIsTakenOverOnceItsLeaseEnds() {
        String key = DATASET + "/crash.txt";
        String eTag = put(key, "the real content");
        String body = event(key, eTag, "0A2");
        ObjectEvent event = new S3EventParser().parse(body).get(0);
        // what a server killed between copy and record leaves: its claim, and an object in source
        leaveTheClaimOfACrashedInstance(event);
        s3.putObject(p -> p.bucket(names.buckets().get("source")).key(key), RequestBody.fromString("half"));

        send(body);

        awaitTakenOver(event);
        assertThat(source(key)).isEqualTo("the real content");
        assertThat(steps(key)).containsExactlyInAnyOrder("received", "validated", "copied");
    }

    @Test
    void anObjectEnrichedBeforeItsIngestWasTakenOverStaysEnriched() {
        String key = DATASET + "/enriched.txt";
        String body = event(key, put(key, "enriched before the crash"), "0A3");
        ObjectEvent event = new S3EventParser().parse(body).get(0);
        send(body);
        String sha256 = await().atMost(Duration.ofSeconds(60)).until(() -> processedSha256(key), s -> s != null);
        // a server killed after requesting the enrich but before confirming the event leaves its claim; the
        // enrich hop has done its part meanwhile
        leaveTheClaimOfACrashedInstance(event);

        send(body);

        awaitTakenOver(event);
        awaitQueueDrained(names.queues().get("enrich").name());
        assertThat(processedSha256(key)).as("the catalogue's processed facts of the file, kept")
                .isEqualTo(sha256).isEqualTo(ledger.find(DATASET, key).orElseThrow().sourceSha256());
        assertThat(steps(key)).as("lineage events of the original, once each")
                .containsExactlyInAnyOrder("received", "validated", "copied");
    }

    private void leaveTheClaimOfACrashedInstance(ObjectEvent event) {
        dynamoDb.putItem(p -> p.tableName(names.tables().get("idempotency").name()).item(Map.of(
                "id", AttributeValue.fromS(event.idempotencyKey()),
                "state", AttributeValue.fromS("IN_PROGRESS"),
                "owner", AttributeValue.fromS("crashed-instance"),
                "leaseUntil", AttributeValue.fromN(Long.toString(System.currentTimeMillis() - 1000)),
                "expiresAt", AttributeValue.fromN(Long.toString(System.currentTimeMillis() / 1000 + 3600)))));
    }

    /** Until this instance has taken the event over from the crashed one and confirmed it. */
    private void awaitTakenOver(ObjectEvent event) {
        await().atMost(Duration.ofSeconds(60)).until(() -> dynamoDb.getItem(g -> g.tableName(
                names.tables().get("idempotency").name()).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(event.idempotencyKey())))).item(),
                claim -> claim.get("state").s().equals("DONE") && !claim.get("owner").s().equals("crashed-instance"));
    }

    /** The SHA-256 the catalogue records for the file in processed, if any. */
    private String processedSha256(String key) {
        return catalogue.asset(DATASET).flatMap(asset -> asset.getList("files", Document.class).stream()
                .filter(f -> key.equals(f.getString("key"))).findFirst())
                .map(f -> f.get("processed", Document.class)).map(p -> p.getString("sha256")).orElse(null);
    }

    /** The messages waiting on a queue, taken off it. */
    private List<Message> take(String name) {
        String url = queue(name);
        List<Message> taken = new ArrayList<>();
        List<Message> received;
        do {
            received = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)).messages();
            received.forEach(m -> sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(m.receiptHandle())));
            taken.addAll(received);
        } while (!received.isEmpty());
        return taken;
    }

    /** The state of the ingest claim of the object version of an event. */
    private String claim(String event) {
        String key = new S3EventParser().parse(event).get(0).idempotencyKey();
        return dynamoDb.getItem(g -> g.tableName(names.tables().get("idempotency").name()).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(key)))).item().get("state").s();
    }

    /**
     * The enrich request for the object of an event, ingested as it came, with these bytes: its version in source,
     * and its ETag, Content-Type and user metadata as S3 holds them there.
     */
    private EnrichRequests.EnrichRequest enrichRequest(String event, String content) {
        ObjectEvent upload = new S3EventParser().parse(event).get(0);
        HeadObjectResponse stored = s3.headObject(h -> h.bucket(names.buckets().get("source")).key(upload.key()));
        return new EnrichRequests.EnrichRequest(DATASET, upload.key(), upload.key(), Fixtures.sha256(utf8(content)),
                upload.uploadId(), new EnrichRequests.Stored(stored.eTag(), stored.contentType(), stored.metadata()));
    }

    /** A counter of the ingest queue's receives (0 before the first). */
    private double count(String name, String... tags) {
        var counter = meters.find(name).tag("queue", names.queues().get("ingest").name()).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    private double copied() {
        var counter = meters.find("brigade.ingest.objects").tag("outcome", "copied").counter();
        return counter == null ? 0 : counter.count();
    }

    private String put(String key, String content) {
        return s3.putObject(p -> p.bucket(original()).key(key), RequestBody.fromBytes(utf8(content))).eTag()
                .replace("\"", "");
    }

    private String event(String key, String eTag, String sequencer) {
        return S3EventParserTest.message(record(key, eTag, sequencer));
    }

    private String record(String encodedKey, String eTag, String sequencer) {
        return S3EventParserTest.record("ObjectCreated:Put", encodedKey, eTag, sequencer)
                .replace("\"orig\"", "\"" + original() + "\"");
    }

    private void send(String body) {
        sqs.sendMessage(m -> m.queueUrl(queue(names.queues().get("ingest").name())).messageBody(body));
    }

    private List<Message> deadLetters() {
        String url = queue(names.queues().get("ingest").deadLetterName());
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(10)
                .visibilityTimeout(0).messageAttributeNames("All")).messages();
        return new ArrayList<>(messages);
    }

    private void awaitQueueDrained() {
        awaitQueueDrained(names.queues().get("ingest").name());
    }

    /** Until no message is waiting or in flight on the queue. */
    private void awaitQueueDrained(String name) {
        String url = queue(name);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(g -> g.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
            return a.values().stream().allMatch("0"::equals);
        });
    }

    /** Until the ledger holds this version of the object, in whatever state. */
    private void awaitRecorded(String key, String eTag) {
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.find(DATASET, key).map(LedgerEntry::eTag)
                .orElse(null), eTag::equals);
    }

    private void awaitCopied(String key) {
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.find(DATASET, key)
                .map(LedgerEntry::state).orElse(null), LedgerEntry.State.COPIED::equals);
    }

    private List<Document> lineage(String key) {
        return mongo.getDatabase(names.database()).getCollection("lineage")
                .find(Filters.and(Filters.eq("bucket", original()), Filters.eq("key", key)))
                .into(new ArrayList<>());
    }

    private List<String> steps(String key) {
        return lineage(key).stream().map(e -> e.getString("step")).toList();
    }

    private String source(String key) {
        return s3.getObjectAsBytes(g -> g.bucket(names.buckets().get("source")).key(key)).asUtf8String();
    }

    private String queue(String name) {
        return sqs.getQueueUrl(q -> q.queueName(name)).queueUrl();
    }

    private String original() {
        return names.buckets().get("original");
    }
}
