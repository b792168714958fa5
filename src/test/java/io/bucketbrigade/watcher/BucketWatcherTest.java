package io.bucketbrigade.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.ingest.ObjectEvent;
import io.bucketbrigade.ingest.S3EventParser;
import io.bucketbrigade.support.ManualClock;
import io.bucketbrigade.support.RequestLog;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/** The watcher against the local S3 and DynamoDB: paging, remembering what it announced, minimum age. */
class BucketWatcherTest {

    static final String TABLE = "announced-watcher-test";
    static StackClients clients;
    static S3Client s3;

    @BeforeAll
    static void table() {
        clients = new StackClients(SharedLocalStack.get());
        s3 = clients.s3();
        clients.dynamoDb().createTable(t -> t.tableName(TABLE)
                .attributeDefinitions(a -> a.attributeName("bucket").attributeType("S"),
                        a -> a.attributeName("objectKey").attributeType("S"))
                .keySchema(k -> k.attributeName("bucket").keyType("HASH"),
                        k -> k.attributeName("objectKey").keyType("RANGE"))
                .billingMode("PAY_PER_REQUEST"));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    static String bucket(String name) {
        s3.createBucket(b -> b.bucket(name));
        return name;
    }

    static void put(String bucket, String key, String content) {
        s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString(content));
    }

    BucketWatcher watcher(String bucket, Duration minAge, Clock clock) {
        return new BucketWatcher(s3, clients.dynamoDb(), TABLE, new WatcherProperties(true,
                List.of(new WatcherProperties.Watch(bucket, "queue-of-" + bucket)), Duration.ofSeconds(1), minAge, 2),
                clock);
    }

    static List<Announcements> batches(BucketWatcher watcher) {
        List<Announcements> found = new ArrayList<>();
        watcher.unannounced().forEachRemaining(found::add);
        return found;
    }

    static List<Announcement> drain(BucketWatcher watcher) {
        return batches(watcher).stream().flatMap(b -> b.objects().stream()).toList();
    }

    static SendMessageBatchResponse allSent() {
        return SendMessageBatchResponse.builder().successful(List.of()).failed(List.of()).build();
    }

    @Test
    void announcesEachVersionOncePageByPageEvenAfterARestart() {
        String bucket = bucket("watcher-paging");
        for (int i = 0; i < 5; i++) {
            put(bucket, "ds/file-" + i + ".txt", "content " + i);
        }
        BucketWatcher first = watcher(bucket, Duration.ZERO, Clock.systemUTC());

        List<Announcements> batches = batches(first);
        batches.forEach(batch -> first.remember(batch, allSent()));

        List<Announcement> found = batches.stream().flatMap(b -> b.objects().stream()).toList();
        assertThat(found).extracting(Announcement::key)
                .containsExactly("ds/file-0.txt", "ds/file-1.txt", "ds/file-2.txt", "ds/file-3.txt", "ds/file-4.txt");
        assertThat(found).extracting(Announcement::queue).containsOnly("queue-of-" + bucket);
        BucketWatcher restarted = watcher(bucket, Duration.ZERO, Clock.systemUTC());
        assertThat(drain(restarted)).isEmpty();

        put(bucket, "ds/file-3.txt", "changed");
        put(bucket, "ds/file-5.txt", "new");

        assertThat(drain(restarted)).extracting(Announcement::key).containsExactly("ds/file-3.txt", "ds/file-5.txt");
    }

    @Test
    void batchesAreOfTenAtMostAndABatchTheQueueRefusedInPartIsAnnouncedAgain() {
        String bucket = bucket("watcher-batches");
        for (int i = 0; i < 23; i++) {
            put(bucket, String.format("ds/file-%02d.txt", i), "content " + i);
        }
        BucketWatcher watcher = new BucketWatcher(s3, clients.dynamoDb(), TABLE, new WatcherProperties(true,
                List.of(new WatcherProperties.Watch(bucket, "q")), Duration.ofSeconds(1), Duration.ZERO, 1000),
                Clock.systemUTC());
        List<Announcements> batches = batches(watcher);
        assertThat(batches).extracting(b -> b.objects().size()).containsExactly(10, 10, 3);
        SendMessageBatchResponse partly = SendMessageBatchResponse.builder().successful(List.of())
                .failed(BatchResultErrorEntry.builder().id("1").code("InternalError").message("try later")
                        .senderFault(false).build()).build();

        assertThatThrownBy(() -> watcher.remember(batches.get(0), partly))
                .hasMessage("1 of 10 announcements were refused by queue q (InternalError: try later); the batch"
                        + " is announced again on the next listing");
        watcher.remember(batches.get(1), allSent());
        watcher.remember(batches.get(2), allSent());

        assertThat(drain(watcher)).extracting(Announcement::key).containsExactlyElementsOf(
                batches.get(0).objects().stream().map(Announcement::key).toList());
    }

    @Test
    void leavesObjectsYoungerThanTheMinimumAgeForALaterListing() {
        String bucket = bucket("watcher-min-age");
        put(bucket, "ds/young.txt", "just uploaded");
        Instant now = Instant.now();

        assertThat(drain(watcher(bucket, Duration.ofMinutes(10), Clock.fixed(now, ZoneOffset.UTC)))).isEmpty();
        assertThat(drain(watcher(bucket, Duration.ofMinutes(10),
                Clock.fixed(now.plus(Duration.ofMinutes(11)), ZoneOffset.UTC))))
                .extracting(Announcement::key).containsExactly("ds/young.txt");
    }

    @Test
    void anUnchangedBucketIsListedWithoutAskingDynamoDbAgainAndAChangeIsStillSeen() {
        String bucket = bucket("watcher-quiet-pages");
        for (int i = 0; i < 5; i++) {
            put(bucket, "ds/file-" + i + ".txt", "content " + i);
        }
        RequestLog requests = new RequestLog();
        try (StackClients counted = new StackClients(SharedLocalStack.get(), requests)) {
            BucketWatcher watcher = new BucketWatcher(s3, counted.dynamoDb(), TABLE, new WatcherProperties(true,
                    List.of(new WatcherProperties.Watch(bucket, "q")), Duration.ofSeconds(1), Duration.ZERO, 2),
                    Clock.systemUTC());
            batches(watcher).forEach(batch -> watcher.remember(batch, allSent()));
            assertThat(drain(watcher)).isEmpty();
            requests.clear();

            assertThat(drain(watcher)).isEmpty();
            assertThat(requests.operations()).isEmpty();

            put(bucket, "ds/file-2.txt", "changed");
            assertThat(drain(watcher)).extracting(Announcement::key).containsExactly("ds/file-2.txt");
            assertThat(requests.operations()).containsExactly("Query"); // the changed page only (of three)
        }
    }

    @Test
    void aPageWithAnObjectTooYoungToAnnounceIsListedAgainInFull() {
        String bucket = bucket("watcher-young-page");
        put(bucket, "ds/young.txt", "just uploaded");
        ManualClock clock = new ManualClock(Instant.now());
        BucketWatcher watcher = watcher(bucket, Duration.ofMinutes(10), clock);
        assertThat(drain(watcher)).isEmpty();

        clock.advance(Duration.ofMinutes(11));

        assertThat(drain(watcher)).extracting(Announcement::key).containsExactly("ds/young.txt");
    }

    @Test
    void itsEventsAreTheS3EventsTheIngestReads() throws Exception {
        Announcement object = new Announcement("b", "ds/a b+c.txt", "e1", 12, Instant.parse("2026-01-01T00:00:00Z"),
                "q");

        String event = watcher("b", Duration.ZERO, Clock.systemUTC()).event(object);

        JsonNode key = new ObjectMapper().readTree(event).at("/Records/0/s3/object/key");
        assertThat(key.asText()).isEqualTo("ds/a+b%2Bc.txt");
        ObjectEvent parsed = new S3EventParser().parse(event).get(0);
        assertThat(parsed.key()).isEqualTo("ds/a b+c.txt");
        assertThat(parsed.eTag()).isEqualTo("e1");
        assertThat(parsed.size()).isEqualTo(12);
        assertThat(parsed.eventName()).isEqualTo("ObjectCreated:Put");
    }

    @Test
    void anObjectListedWithoutAnETagIsAnUploadStillBeingWrittenAndIsNotAnnounced() {
        assertThat(BucketWatcher.complete(S3Object.builder().key("d/large.bin-5f827ea6").eTag("").build())).isFalse();
        assertThat(BucketWatcher.complete(S3Object.builder().key("d/large.bin").build())).isFalse();
        assertThat(BucketWatcher.complete(S3Object.builder().key("d/large.bin").eTag("\"0a1b\"").build())).isTrue();
    }
}
