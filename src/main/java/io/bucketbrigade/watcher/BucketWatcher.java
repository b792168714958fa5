package io.bucketbrigade.watcher;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bucketbrigade.checksum.Checksums;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.ingest.Sequencer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

/**
 * Lists watched buckets and finds the objects not announced yet in their current version (key and ETag), page by
 * page, so a listing of any size needs the memory of one page. What was announced is kept in the DynamoDB table
 * {@code announced-{env}} (partition key bucket, sort key object key): a restart announces nothing again. Both
 * listings come back in the same (UTF-8 binary) order, so each page is matched against one range query; a page
 * listed again unchanged since it had nothing to announce is not queried again, so a short period costs one
 * listing of an unchanged bucket.
 */
@Component("bucketWatcher")
public class BucketWatcher {

    static final String SOURCE = "brigade:watcher";
    private static final int WRITE_ATTEMPTS = 5;
    private static final int MAX_QUIET_PAGES = 100_000;

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final String table;
    private final List<WatcherProperties.Watch> watches;
    private final WatcherProperties properties;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    /**
     * Pages (bucket and first key) whose every object was announced when last listed, by the hash of their keys and
     * ETags: an unchanged page is not matched against DynamoDB again. A new leader starts without them.
     */
    private final Map<String, String> quietPages = new ConcurrentHashMap<>();

    @Autowired
    BucketWatcher(S3Client s3, DynamoDbClient dynamoDb, BrigadeProperties names, WatcherProperties properties) {
        this(s3, dynamoDb, names.tables().get("announced").name(), properties, Clock.systemUTC());
    }

    BucketWatcher(S3Client s3, DynamoDbClient dynamoDb, String table, WatcherProperties properties, Clock clock) {
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.watches = properties.watches();
        this.properties = properties;
        this.clock = clock;
    }

    public List<WatcherProperties.Watch> watches() {
        return watches;
    }

    /**
     * The objects to announce now, lazily, one listing page at a time, in batches of up to ten for the same queue
     * (one SendMessageBatch each).
     */
    public Iterator<Announcements> unannounced() {
        Instant settled = clock.instant().minus(properties.minAge());
        return watches.stream().flatMap(watch -> s3.listObjectsV2Paginator(l -> l.bucket(watch.bucket())
                        .maxKeys(properties.pageSize())).stream()
                .flatMap(page -> batches(watch.queue(), unannounced(watch, page, settled).toList())))
                .iterator();
    }

    private static Stream<Announcements> batches(String queue, List<Announcement> objects) {
        return IntStream.range(0, (objects.size() + Announcements.MAX - 1) / Announcements.MAX)
                .mapToObj(i -> new Announcements(queue, objects.subList(i * Announcements.MAX,
                        Math.min(objects.size(), (i + 1) * Announcements.MAX))));
    }

    private Stream<Announcement> unannounced(WatcherProperties.Watch watch, ListObjectsV2Response page,
            Instant settled) {
        String bucket = watch.bucket();
        List<S3Object> objects = page.contents();
        if (objects.isEmpty()) {
            return Stream.empty();
        }
        String pageId = bucket + "/" + objects.get(0).key();
        String fingerprint = fingerprint(objects);
        if (fingerprint.equals(quietPages.get(pageId))) {
            return Stream.empty(); // the same versions as a listing that found nothing to announce
        }
        Map<String, String> announced = announced(bucket, objects.get(0).key(), objects.get(objects.size() - 1).key());
        List<S3Object> ready = objects.stream()
                .filter(o -> !o.lastModified().isAfter(settled))
                .filter(BucketWatcher::complete)
                .toList();
        List<Announcement> unannounced = ready.stream()
                .filter(o -> !eTag(o.eTag()).equals(announced.get(o.key())))
                .map(o -> new Announcement(bucket, o.key(), eTag(o.eTag()), o.size(), o.lastModified(),
                        watch.queue()))
                .toList();
        if (unannounced.isEmpty() && ready.size() == objects.size()) {
            if (quietPages.size() >= MAX_QUIET_PAGES) {
                quietPages.clear();
            }
            quietPages.put(pageId, fingerprint);
        } else {
            quietPages.remove(pageId);
        }
        return unannounced.stream();
    }

    /** The keys and ETags of a listing page, hashed. */
    private static String fingerprint(List<S3Object> objects) {
        MessageDigest digest = Checksums.sha256();
        for (S3Object object : objects) {
            digest.update(object.key().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(eTag(object.eTag()).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
        }
        return Checksums.hex(digest);
    }

    /** Key to announced ETag, for the keys of one page. */
    private Map<String, String> announced(String bucket, String first, String last) {
        Map<String, String> announced = new HashMap<>();
        dynamoDb.queryPaginator(q -> q.tableName(table).consistentRead(true)
                        .keyConditionExpression("#bucket = :b AND objectKey BETWEEN :first AND :last")
                        .expressionAttributeNames(Map.of("#bucket", "bucket"))
                        .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(bucket),
                                ":first", AttributeValue.fromS(first), ":last", AttributeValue.fromS(last))))
                .items().forEach(item -> announced.put(item.get("objectKey").s(), item.get("etag").s()));
        return announced;
    }

    /** The S3 event notifications of a batch, one message each. */
    public List<String> events(Announcements batch) {
        return batch.objects().stream().map(this::event).toList();
    }

    /** The S3 event notification S3 itself would have sent for this object (key URL-encoded the same way). */
    public String event(Announcement object) {
        ObjectNode record = json.createObjectNode()
                .put("eventVersion", "2.1")
                .put("eventSource", SOURCE)
                .put("awsRegion", "")
                .put("eventTime", object.lastModified().toString())
                .put("eventName", "ObjectCreated:Put");
        record.putObject("userIdentity").put("principalId", "bucket-brigade-watcher");
        ObjectNode s3Node = record.putObject("s3").put("s3SchemaVersion", "1.0")
                .put("configurationId", "bucket-brigade-watcher");
        s3Node.putObject("bucket").put("name", object.bucket()).put("arn", "arn:aws:s3:::" + object.bucket());
        s3Node.putObject("object")
                .put("key", URLEncoder.encode(object.key(), StandardCharsets.UTF_8).replace("%2F", "/"))
                .put("size", object.size())
                .put("eTag", object.eTag())
                .put("sequencer", Sequencer.fromTime(object.lastModified()));
        ObjectNode message = json.createObjectNode();
        ArrayNode records = message.putArray("Records");
        records.add(record);
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Remembers that these versions were announced, once the queue has taken every message of the batch: a crash
     * before, or a message the queue refused, announces the batch again on the next listing (the ingest takes each
     * version once however often it is announced).
     */
    public void remember(Announcements batch, SendMessageBatchResponse sent) {
        if (sent.hasFailed() && !sent.failed().isEmpty()) {
            BatchResultErrorEntry first = sent.failed().get(0);
            throw new IllegalStateException(sent.failed().size() + " of " + batch.objects().size()
                    + " announcements were refused by queue " + batch.queue() + " (" + first.code() + ": "
                    + first.message() + "); the batch is announced again on the next listing");
        }
        String now = clock.instant().toString();
        List<WriteRequest> writes = batch.objects().stream().map(object -> WriteRequest.builder()
                .putRequest(p -> p.item(Map.of(
                        "bucket", AttributeValue.fromS(object.bucket()),
                        "objectKey", AttributeValue.fromS(object.key()),
                        "etag", AttributeValue.fromS(object.eTag()),
                        "lastModified", AttributeValue.fromS(object.lastModified().toString()),
                        "announcedAt", AttributeValue.fromS(now)))).build()).toList();
        Map<String, List<WriteRequest>> pending = Map.of(table, writes);
        for (int attempt = 1; !pending.isEmpty(); attempt++) {
            if (attempt > WRITE_ATTEMPTS) {
                throw new IllegalStateException(pending.get(table).size() + " announcements on queue "
                        + batch.queue() + " could not be remembered in " + table + " after " + WRITE_ATTEMPTS
                        + " attempts; they are announced again on the next listing");
            }
            if (attempt > 1) {
                LockSupport.parkNanos(Duration.ofMillis(100L << attempt).toNanos()); // DynamoDB asks to back off
            }
            Map<String, List<WriteRequest>> request = pending;
            pending = dynamoDb.batchWriteItem(b -> b.requestItems(request)).unprocessedItems();
        }
    }

    /**
     * Whether the listing shows a whole object: S3 lists only complete objects, each with an ETag; a store that lists
     * the file of an upload still being written shows it without one (S3Proxy, whose temporary files the local stack
     * hides from its listings).
     */
    static boolean complete(S3Object object) {
        return !eTag(object.eTag()).isBlank();
    }

    private static String eTag(String quoted) {
        return quoted == null ? "" : quoted.replace("\"", "");
    }
}
