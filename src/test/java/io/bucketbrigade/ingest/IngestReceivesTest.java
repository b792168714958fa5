package io.bucketbrigade.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.idempotency.ConfirmedByReceiveRepository;
import io.bucketbrigade.queues.MessageOutcome;
import io.bucketbrigade.queues.ReceivedMessage;
import io.bucketbrigade.records.Lineage;
import io.bucketbrigade.support.BrigadeServerTest;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The ingest route's records of a whole receive, against the local stack: what a message that is done and one that
 * is left get, whatever the others of their receive got. The outcomes are made here as the route's split would
 * give them.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=receive-records", "brigade.watcher.enabled=false"})
class IngestReceivesTest {

    @Autowired
    IngestReceives receives;
    @Autowired
    @Qualifier("ingestIdempotency")
    ConfirmedByReceiveRepository claims;
    @Autowired
    Lineage lineage;
    @Autowired
    DynamoDbClient dynamoDb;
    @Autowired
    MongoClient mongo;
    @Autowired
    BrigadeProperties names;

    final String run = Long.toString(System.nanoTime());

    @Test
    void theDoneMessagesGetTheirLineageAndClaimsConfirmedTheLeftOnesTheirClaimsReleased() {
        IngestItem done = claimed("done.txt");
        IngestItem doneToo = claimed("done-too.txt");
        IngestItem leftAfterItsWork = claimed("left.txt");
        IngestItem failed = claimed("failed.txt");
        ObjectEvent takenEarlierInTheReceive = event("done.txt");
        List<MessageOutcome> outcomes = List.of(
                MessageOutcome.done(message("1"), List.of(done, takenEarlierInTheReceive)),
                MessageOutcome.done(message("2"), List.of(doneToo)),
                MessageOutcome.done(message("3"), List.of(leftAfterItsWork)).leave("a record of it failed"),
                // a message whose route failed gives no result; Camel released the claim of the version that failed
                MessageOutcome.left(message("4"), "S3 was away"),
                MessageOutcome.done(message("poison"), null));

        List<MessageOutcome> settled = receives.confirmClaims(receives.recordLineage(outcomes));

        assertThat(settled).extracting(MessageOutcome::deletes).containsExactly(true, true, false, false, true);
        assertThat(state(done)).isEqualTo("DONE");
        assertThat(state(doneToo)).isEqualTo("DONE");
        assertThat(state(leftAfterItsWork)).as("released, to be taken at once when its message returns").isNull();
        assertThat(state(failed)).as("a claim no outcome names is left to its lease").isEqualTo("IN_PROGRESS");
        assertThat(lineageOf(done)).containsExactly("received");
        assertThat(lineageOf(doneToo)).containsExactly("received");
        assertThat(lineageOf(leftAfterItsWork)).as("written when its message is done again").isEmpty();
    }

    @Test
    void aReceivesVersionsAreClaimedTogetherAndThoseNoMessageReachedAreReleasedWithItsRecords() {
        ReceivedMessage first = message("1", S3EventParserTest.message(S3EventParserTest.record("ObjectCreated:Put",
                run + "/together-1.txt", "e1", "0A")));
        ReceivedMessage second = message("2", S3EventParserTest.message(S3EventParserTest.record("ObjectCreated:Put",
                run + "/together-2.txt", "e2", "0B")));
        ObjectEvent reached = new S3EventParser().parse(first.body()).get(0);
        ObjectEvent notReached = new S3EventParser().parse(second.body()).get(0);

        assertThat(receives.claim(List.of(first, second, message("poison", "not json")))).isEqualTo(2);
        assertThat(state(notReached)).isEqualTo("IN_PROGRESS");
        assertThat(claims.add(reached.idempotencyKey())).as("taken as claimed with the receive").isTrue();
        IngestItem item = new IngestItem(reached);
        // the second message failed before its version reached once-per-object-version
        receives.confirmClaims(List.of(MessageOutcome.done(first, List.of(item)),
                MessageOutcome.left(second, "S3 was away")));

        assertThat(state(reached)).isEqualTo("DONE");
        assertThat(state(notReached)).as("released, to be taken at once when its message returns").isNull();
    }

    @Test
    void theStepsOfAnUploadReadInTheirOrderWhateverTheClockSaidWhenTheyWereMade() {
        IngestItem item = claimed("steps.txt");
        Date received = item.getLineage().get(0).getDate("time");
        for (String step : List.of("validated", "copied")) {
            Document event = lineage.event("ingest-object", item.getEvent().uploadId(), step, new Document());
            event.put("time", new Date(received.getTime() - 5)); // the same millisecond, or a clock set back
            item.addLineage(event);
        }

        receives.recordLineage(List.of(MessageOutcome.done(message("1"), List.of(item))));

        assertThat(lineage.ofUpload(item.getEvent().uploadId())).extracting(e -> e.getString("step"))
                .containsExactly("received", "validated", "copied");
    }

    @Test
    void aReceiveWithNothingToRecordMakesNoRequest() {
        List<MessageOutcome> outcomes = List.of(MessageOutcome.done(message("test event"), List.of()),
                MessageOutcome.left(message("failed"), "S3 was away"));

        assertThat(receives.confirmClaims(receives.requestChecks(receives.requestEnrich(
                receives.recordLineage(outcomes))))).isEqualTo(outcomes);
    }

    /** An object version claimed by this instance, with its received event pending, as ingest-object leaves it. */
    private IngestItem claimed(String name) {
        ObjectEvent event = event(name);
        assertThat(claims.add(event.idempotencyKey())).isTrue();
        IngestItem item = new IngestItem(event);
        item.addLineage(lineage.event("ingest-object", event.uploadId(), "received",
                new Document("bucket", event.bucket()).append("key", event.key())));
        return item;
    }

    private ObjectEvent event(String name) {
        return new ObjectEvent(names.buckets().get("original"), run + "/" + name, 1, "e" + run, "01",
                "ObjectCreated:Put", Instant.now(), "test");
    }

    private ReceivedMessage message(String id) {
        return message(id, "{}");
    }

    private ReceivedMessage message(String id, String body) {
        return new ReceivedMessage(names.queues().get("ingest").name(), id, "receipt-" + id, body);
    }

    private String state(IngestItem item) {
        return state(item.getEvent());
    }

    private String state(ObjectEvent event) {
        Map<String, AttributeValue> claim = dynamoDb.getItem(g -> g.tableName(
                names.tables().get("idempotency").name()).consistentRead(true).key(Map.of("id",
                AttributeValue.fromS(event.idempotencyKey())))).item();
        return claim == null || claim.isEmpty() ? null : claim.get("state").s();
    }

    private List<String> lineageOf(IngestItem item) {
        return mongo.getDatabase(names.database()).getCollection(names.collections().get("lineage"))
                .find(Filters.eq("upload", item.getEvent().uploadId())).map(e -> e.getString("step"))
                .into(new java.util.ArrayList<>());
    }
}
