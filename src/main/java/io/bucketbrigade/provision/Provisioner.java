package io.bucketbrigade.provision;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.config.BrigadeProperties.Queue;
import io.bucketbrigade.config.BrigadeProperties.Table;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Creates, idempotently, every bucket, table, queue (with its dead-letter queue and redrive policy) and
 * collection named in {@link BrigadeProperties}. Safe to run on every start: what exists is left as it is.
 */
public class Provisioner {

    private static final Logger LOG = LoggerFactory.getLogger(Provisioner.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Resources checked at once. */
    private static final int PARALLEL = 8;
    /** The assets' field that names each file's copy in processed. */
    static final String PROCESSED_KEY = "files.processed.key";

    private final BrigadeProperties names;
    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final MongoClient mongo;

    public Provisioner(BrigadeProperties names, S3Client s3, DynamoDbClient dynamoDb, SqsClient sqs, MongoClient mongo) {
        this.names = names;
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.mongo = mongo;
    }

    /**
     * Provisions everything; returns what it created (empty when all existed already), in the order of the
     * configuration. Each bucket, table and queue is checked in parallel with the others (and the collections with
     * their indexes), since each check is a few requests that wait on their service.
     */
    public List<String> provision() {
        List<Consumer<List<String>>> tasks = new ArrayList<>();
        names.buckets().values().forEach(bucket -> tasks.add(created -> createBucket(bucket, created)));
        names.tables().values().forEach(table -> tasks.add(created -> createTable(table, created)));
        names.queues().values().forEach(queue -> tasks.add(created -> createQueue(queue, created)));
        tasks.add(this::createCollections);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, tasks.size()), r -> {
            Thread thread = new Thread(r, "brigade-provisioner");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<List<String>>> running = tasks.stream().map(task -> pool.submit(() -> {
                List<String> created = new ArrayList<>();
                task.accept(created);
                return created;
            })).toList();
            List<String> created = new ArrayList<>();
            for (Future<List<String>> task : running) {
                created.addAll(task.get());
            }
            return created;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Provisioning was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private void createCollections(List<String> created) {
        MongoDatabase database = mongo.getDatabase(names.database());
        List<String> existing = database.listCollectionNames().into(new ArrayList<>());
        for (String collection : names.collections().values()) {
            if (!existing.contains(collection)) {
                database.createCollection(collection);
                created.add("collection " + names.database() + "." + collection);
            }
        }
        createIndexes(database, created);
    }

    /** An index of one collection (by its configuration name). */
    record Index(String name, String collection, Bson keys) {}

    /** The catalogue's indexes. */
    static final List<Index> INDEXES = List.of(
            // the processed-events route asks, for every object in processed, whose processed copy it is
            new Index("processed_key", "assets", Indexes.ascending(PROCESSED_KEY)),
            // the console's datasets table: newest first, of one profile, status or tier
            new Index("last_modified", "assets", Indexes.descending("last_modified")),
            new Index("profile_last_modified", "assets", Indexes.compoundIndex(Indexes.ascending("profile"),
                    Indexes.descending("last_modified"))),
            new Index("tier_last_modified", "assets", Indexes.compoundIndex(Indexes.ascending("tier_rank"),
                    Indexes.descending("last_modified"))),
            new Index("status_last_modified", "assets", Indexes.compoundIndex(Indexes.ascending("metadata_status"),
                    Indexes.descending("last_modified"))),
            // rejections newest first, of one dataset; lineage steps of the last minute (the console's pipeline)
            new Index("time", "rejections", Indexes.descending("time")),
            new Index("dataset_time", "rejections", Indexes.compoundIndex(Indexes.ascending("datasetId"),
                    Indexes.descending("time"))),
            new Index("step_time", "lineage", Indexes.compoundIndex(Indexes.ascending("step"),
                    Indexes.descending("time"))));

    /**
     * Creates each index the collection has neither by name nor by fields (one created before it had a name),
     * listing each collection's indexes once.
     */
    private void createIndexes(MongoDatabase database, List<String> created) {
        Map<String, List<Document>> existing = new HashMap<>();
        for (Index index : INDEXES) {
            String collection = names.collections().get(index.collection());
            if (collection == null) {
                continue;
            }
            MongoCollection<Document> documents = database.getCollection(collection);
            List<Document> present = existing.computeIfAbsent(collection,
                    c -> documents.listIndexes().into(new ArrayList<>()));
            Set<String> fields = index.keys().toBsonDocument().keySet();
            if (present.stream().noneMatch(p -> index.name().equals(p.getString("name"))
                    || p.get("key", Document.class).keySet().equals(fields))) {
                documents.createIndex(index.keys(), new IndexOptions().name(index.name()));
                created.add("index " + names.database() + "." + collection + "." + index.name());
            }
        }
    }

    private void createBucket(String bucket, List<String> created) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException missing) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
                created.add("bucket " + bucket);
            } catch (BucketAlreadyOwnedByYouException raced) {
                LOG.debug("Bucket {} was created concurrently", bucket);
            }
        }
    }

    private void createTable(Table table, List<String> created) {
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> keys = new ArrayList<>();
        attributes.add(stringAttribute(table.partitionKey()));
        keys.add(KeySchemaElement.builder().attributeName(table.partitionKey()).keyType(KeyType.HASH).build());
        if (table.hasSortKey()) {
            attributes.add(stringAttribute(table.sortKey()));
            keys.add(KeySchemaElement.builder().attributeName(table.sortKey()).keyType(KeyType.RANGE).build());
        }
        try {
            dynamoDb.createTable(t -> t.tableName(table.name())
                    .attributeDefinitions(attributes)
                    .keySchema(keys)
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            dynamoDb.waiter().waitUntilTableExists(t -> t.tableName(table.name()));
            if (table.hasTtl()) {
                dynamoDb.updateTimeToLive(t -> t.tableName(table.name())
                        .timeToLiveSpecification(s -> s.attributeName(table.ttlAttribute()).enabled(true)));
            }
            created.add("table " + table.name());
        } catch (ResourceInUseException exists) {
            LOG.debug("Table {} exists", table.name());
        }
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static String toJson(Map<String, String> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private void createQueue(Queue queue, List<String> created) {
        // CreateQueue is idempotent when the attributes are the same, so it is simply called every time.
        String deadLetterUrl = sqs.createQueue(q -> q.queueName(queue.deadLetterName())
                        .attributes(Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "1209600")))
                .queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(a -> a.queueUrl(deadLetterUrl)
                        .attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String redrive = toJson(Map.of(
                "deadLetterTargetArn", deadLetterArn,
                "maxReceiveCount", Integer.toString(queue.maxReceiveCount())));
        Map<QueueAttributeName, String> attributes = Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(queue.visibilityTimeoutSeconds()),
                QueueAttributeName.REDRIVE_POLICY, redrive);
        boolean existed = sqs.listQueues(l -> l.queueNamePrefix(queue.name())).queueUrls().stream()
                .anyMatch(url -> url.endsWith("/" + queue.name()));
        String url = sqs.createQueue(q -> q.queueName(queue.name())).queueUrl();
        sqs.setQueueAttributes(s -> s.queueUrl(url).attributes(attributes));
        if (!existed) {
            created.add("queue " + queue.name() + " (dead letters to " + queue.deadLetterName() + ")");
        }
    }
}
