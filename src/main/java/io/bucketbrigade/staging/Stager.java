package io.bucketbrigade.staging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.mongodb.client.MongoClient;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.jobs.Operations;
import io.bucketbrigade.provision.Provisioner;
import io.bucketbrigade.s3.ObjectCopier;
import io.bucketbrigade.s3.ObjectHeads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Staging sandboxes, with the semantics of Cellenics' stage tool: copy chosen datasets from the production
 * environment's buckets (the original bucket included) and tables into staging, every key and id prefixed
 * {@code <sandboxId>-}, objects whose target already has the same ETag skipped, pipeline handles blanked; unstage
 * deletes what the sandbox holds. It never writes to production. A dry run returns the planned operations and writes
 * nothing.
 *
 * <p>It only ever deletes or overwrites what it wrote: every object it writes carries the user metadata
 * {@code brigade-sandbox=<sandboxId>} (and the object tag of the same name where the store has tags, which the
 * staging IAM policy's conditions look at), every item the attribute {@code brigadeSandbox}. An object or item that
 * merely matches the prefix (a depositor's dataset named {@code <sandboxId>-…}, another sandbox's
 * {@code <sandboxId>-x-…}) is left alone, and an object is deleted only with If-Match on the ETag of the read that
 * showed the marker.
 */
@Component
public class Stager {

    private static final Logger LOG = LoggerFactory.getLogger(Stager.class);
    static final Pattern SANDBOX = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** The tables whose items belong to a dataset, and the attribute naming it. */
    static final Map<String, String> DATASET_TABLES = Map.of("experiments", "experimentId", "samples", "experimentId",
            "objects", "datasetId");
    private static final int PROGRESS_EVERY = 100;
    /** User metadata and object tag naming the sandbox an object was written for. */
    public static final String MARKER = "brigade-sandbox";
    /** Attribute naming the sandbox an item was written for. */
    public static final String ITEM_MARKER = "brigadeSandbox";

    /**
     * What a stage or unstage did (or, in a dry run, would do).
     *
     * @param kept   objects and items that match the sandbox's prefix but were not written for it: left alone
     * @param tagged whether the objects were also tagged (false where the store has no object tagging)
     */
    public record Report(boolean dryRun, int copied, int skipped, int items, int deleted, int kept, long bytes,
            boolean tagged, List<String> operations) {}

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final MongoClient mongo;
    private final ObjectCopier copier;
    private final Environments environments;
    /** Whether the store has object tagging: asked once, at the first stage. */
    private volatile Boolean tagging;

    Stager(S3Client s3, DynamoDbClient dynamoDb, SqsClient sqs, MongoClient mongo, ObjectCopier copier,
            Environments environments) {
        this.s3 = s3;
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
        this.mongo = mongo;
        this.copier = copier;
        this.environments = environments;
    }

    /**
     * @throws IllegalArgumentException for a bad sandbox id, dataset list or environment, and for any production
     *                                  target
     */
    public Report stage(String sandboxId, List<String> datasets, String fromEnv, String toEnv, boolean dryRun) {
        checkSandbox(sandboxId);
        if (datasets == null || datasets.isEmpty()) {
            throw new IllegalArgumentException("name at least one dataset to stage");
        }
        BrigadeProperties from = environments.of(fromEnv);
        BrigadeProperties to = target(toEnv, from);
        Operations operations = new Operations(dryRun);
        if (!operations.dryRun()) {
            new Provisioner(to, s3, dynamoDb, sqs, mongo).provision();
        }
        int copied = 0;
        int skipped = 0;
        int kept = 0;
        int items = 0;
        long bytes = 0;
        boolean tagged = !operations.dryRun() && taggingSupported(to.buckets().get("original"));
        for (String dataset : datasets) {
            String prefix = dataset + "/";
            for (String tier : from.buckets().keySet()) {
                String source = from.buckets().get(tier);
                String target = to.buckets().get(tier);
                for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(source).prefix(prefix)).contents()) {
                    String key = sandboxId + "-" + object.key();
                    HeadObjectResponse existing = head(target, key);
                    if (existing != null && !sandboxId.equals(existing.metadata().get(MARKER))) {
                        operations.record("SKIP s3://" + target + "/" + key + " (not written for sandbox "
                                + sandboxId + ": kept)");
                        kept++;
                        continue;
                    }
                    if (existing != null && existing.eTag().equals(object.eTag())) {
                        operations.record("SKIP s3://" + target + "/" + key + " (same ETag)");
                        skipped++;
                        continue;
                    }
                    operations.apply("COPY s3://" + source + "/" + object.key() + " -> s3://" + target + "/" + key,
                            () -> {
                                copier.copy(source, object.key(), target, key, metadata -> marked(metadata, sandboxId),
                                        null, null, tagged ? MARKER + "=" + sandboxId : null);
                                progress(operations.count() + 1, "staged", sandboxId);
                            });
                    copied++;
                    bytes += object.size();
                }
            }
            for (Map.Entry<String, String> table : DATASET_TABLES.entrySet()) {
                String sourceTable = from.tables().get(table.getKey()).name();
                String targetTable = to.tables().get(table.getKey()).name();
                for (Map<String, AttributeValue> item : itemsOf(sourceTable, table.getValue(), dataset)) {
                    Map<String, AttributeValue> copy = blankPipelineHandles(new HashMap<>(item));
                    copy.put(table.getValue(), AttributeValue.fromS(sandboxId + "-" + dataset));
                    copy.put(ITEM_MARKER, AttributeValue.fromS(sandboxId));
                    BrigadeProperties.Table definition = to.tables().get(table.getKey());
                    String described = "dynamodb://" + targetTable + "/" + describe(copy, definition);
                    if (!operations.attempt("PUT " + described,
                            "SKIP " + described + " (not written for sandbox " + sandboxId + ": kept)",
                            () -> putUnlessAnothers(definition, copy, sandboxId),
                            () -> !anothers(definition, copy, sandboxId))) {
                        kept++;
                        continue;
                    }
                    items++;
                }
            }
        }
        LOG.info("Stage of sandbox {} ({} -> {}){}: {} object(s) copied ({} bytes), {} skipped, {} item(s), {} not"
                + " the sandbox's kept{}", sandboxId, fromEnv, toEnv, dryRun ? " (dry run)" : "", copied, bytes,
                skipped, items, kept, tagged || dryRun ? "" : " (the store has no object tags: marked by metadata"
                + " only)");
        return new Report(dryRun, copied, skipped, items, 0, kept, bytes, tagged, operations.lines());
    }

    /**
     * Deletes every object and item written for the sandbox from the environment (never production); objects and
     * items that only match its prefix are kept.
     */
    public Report unstage(String sandboxId, String env, boolean dryRun) {
        checkSandbox(sandboxId);
        BrigadeProperties names = target(env, null);
        String prefix = sandboxId + "-";
        Operations operations = new Operations(dryRun);
        int deleted = 0;
        int kept = 0;
        for (String bucket : names.buckets().values()) {
            if (!exists(bucket)) {
                continue;
            }
            for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents()) {
                HeadObjectResponse head = head(bucket, object.key());
                if (head == null) {
                    continue; // gone since the listing
                }
                if (!sandboxId.equals(head.metadata().get(MARKER))) {
                    operations.record("SKIP s3://" + bucket + "/" + object.key() + " (not written for sandbox "
                            + sandboxId + ": kept)");
                    kept++;
                    continue;
                }
                if (!operations.attempt("DELETE s3://" + bucket + "/" + object.key(),
                        "SKIP s3://" + bucket + "/" + object.key() + " (changed since it was read: kept)",
                        () -> deleteIfUnchanged(bucket, object.key(), head.eTag())
                                && progress(operations.count() + 1, "unstaged", sandboxId),
                        () -> true)) {
                    kept++;
                    continue;
                }
                deleted++;
            }
        }
        for (Map.Entry<String, String> table : DATASET_TABLES.entrySet()) {
            BrigadeProperties.Table definition = names.tables().get(table.getKey());
            for (Map<String, AttributeValue> item : sandboxItems(definition, prefix)) {
                AttributeValue marker = item.get(ITEM_MARKER);
                if (marker == null || !sandboxId.equals(marker.s())) {
                    operations.record("SKIP dynamodb://" + definition.name() + "/" + describe(item, definition)
                            + " (not written for sandbox " + sandboxId + ": kept)");
                    kept++;
                    continue;
                }
                String described = "dynamodb://" + definition.name() + "/" + describe(item, definition);
                if (!operations.attempt("DELETE " + described, "SKIP " + described + " (changed since it was read: kept)",
                        () -> deleteIfStillTheSandboxs(definition, item, sandboxId), () -> true)) {
                    kept++;
                    continue;
                }
                deleted++;
            }
        }
        LOG.info("Unstage of sandbox {} from {}{}: {} object(s) and item(s) deleted, {} matching the prefix but not"
                + " the sandbox's kept", sandboxId, env, dryRun ? " (dry run)" : "", deleted, kept);
        return new Report(dryRun, 0, 0, 0, deleted, kept, 0, false, operations.lines());
    }

    /** Deletes the item unless it is no longer marked for the sandbox (a conditional delete). */
    private boolean deleteIfStillTheSandboxs(BrigadeProperties.Table definition, Map<String, AttributeValue> item,
            String sandboxId) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(definition.partitionKey(), item.get(definition.partitionKey()));
        if (definition.hasSortKey()) {
            key.put(definition.sortKey(), item.get(definition.sortKey()));
        }
        try {
            dynamoDb.deleteItem(d -> d.tableName(definition.name()).key(key)
                    .conditionExpression("#m = :sandbox")
                    .expressionAttributeNames(Map.of("#m", ITEM_MARKER))
                    .expressionAttributeValues(Map.of(":sandbox", AttributeValue.fromS(sandboxId))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The target environment's names; refuses production, and any name that production uses. */
    private BrigadeProperties target(String env, BrigadeProperties from) {
        if ("production".equals(env)) {
            throw new IllegalArgumentException("refusing to write to the production environment: staging and"
                    + " unstaging only write to a non-production environment such as 'staging'");
        }
        BrigadeProperties to = environments.of(env);
        BrigadeProperties production = environments.of("production");
        for (String bucket : to.buckets().values()) {
            if (production.buckets().containsValue(bucket)) {
                throw new IllegalArgumentException("refusing to write to production bucket " + bucket);
            }
        }
        if (from != null && from.env().equals(to.env())) {
            throw new IllegalArgumentException("staging copies from one environment to another; both are '" + env
                    + "'");
        }
        return to;
    }

    private static void checkSandbox(String sandboxId) {
        if (sandboxId == null || !SANDBOX.matcher(sandboxId).matches()) {
            throw new IllegalArgumentException("sandboxId '" + sandboxId + "' must be 1 to 32 lowercase letters,"
                    + " digits or '-'");
        }
    }

    private List<Map<String, AttributeValue>> itemsOf(String table, String partitionKey, String dataset) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        if (!tableExists(table)) {
            return items;
        }
        dynamoDb.queryPaginator(q -> q.tableName(table).keyConditionExpression("#k = :v")
                        .expressionAttributeNames(Map.of("#k", partitionKey))
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(dataset))))
                .items().forEach(items::add);
        return items;
    }

    private List<Map<String, AttributeValue>> sandboxItems(BrigadeProperties.Table table, String prefix) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        if (!tableExists(table.name())) {
            return items;
        }
        dynamoDb.scanPaginator(s -> s.tableName(table.name()).filterExpression("begins_with(#k, :p)")
                        .expressionAttributeNames(Map.of("#k", table.partitionKey()))
                        .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(prefix))))
                .items().forEach(items::add);
        return items;
    }

    /**
     * Blanks what ties an item to a pipeline run in the source environment (Cellenics' state machine and
     * execution ARNs under {@code meta.pipeline} and {@code meta.gem2s}; our own check and approval marks), so that
     * nothing in staging points at production's runs.
     */
    static Map<String, AttributeValue> blankPipelineHandles(Map<String, AttributeValue> item) {
        AttributeValue meta = item.get("meta");
        if (meta != null && meta.hasM()) {
            Map<String, AttributeValue> m = new LinkedHashMap<>(meta.m());
            for (String pipeline : List.of("pipeline", "gem2s")) {
                if (m.containsKey(pipeline) && m.get(pipeline).hasM()) {
                    Map<String, AttributeValue> handles = new LinkedHashMap<>(m.get(pipeline).m());
                    handles.replaceAll((name, value) -> name.endsWith("Arn") ? AttributeValue.fromS("") : value);
                    m.put(pipeline, AttributeValue.fromM(handles));
                }
            }
            item.put("meta", AttributeValue.fromM(m));
        }
        item.remove("approval");
        return item;
    }

    private static String describe(Map<String, AttributeValue> item, BrigadeProperties.Table table) {
        String key = table.partitionKey() + "=" + item.get(table.partitionKey()).s();
        return table.hasSortKey() ? key + "," + table.sortKey() + "=" + item.get(table.sortKey()).s() : key;
    }

    /** Logs every {@link #PROGRESS_EVERY} operations; always true (to follow a successful operation). */
    private static boolean progress(long done, String what, String sandboxId) {
        if (done % PROGRESS_EVERY == 0) {
            LOG.info("Sandbox {}: {} operations {}", sandboxId, done, what);
        }
        return true;
    }

    private HeadObjectResponse head(String bucket, String key) {
        return ObjectHeads.find(s3, bucket, key).orElse(null);
    }

    /** Puts the item unless one written otherwise (not for this sandbox) is at its key; false when there is. */
    private boolean putUnlessAnothers(BrigadeProperties.Table table, Map<String, AttributeValue> item,
            String sandboxId) {
        try {
            dynamoDb.putItem(p -> p.tableName(table.name()).item(item)
                    .conditionExpression("attribute_not_exists(#k) OR #m = :sandbox")
                    .expressionAttributeNames(Map.of("#k", table.partitionKey(), "#m", ITEM_MARKER))
                    .expressionAttributeValues(Map.of(":sandbox", AttributeValue.fromS(sandboxId))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** Whether an item not written for this sandbox is at the item's key (for a dry run's plan). */
    private boolean anothers(BrigadeProperties.Table table, Map<String, AttributeValue> item, String sandboxId) {
        if (!tableExists(table.name())) {
            return false;
        }
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(table.partitionKey(), item.get(table.partitionKey()));
        if (table.hasSortKey()) {
            key.put(table.sortKey(), item.get(table.sortKey()));
        }
        Map<String, AttributeValue> existing = dynamoDb.getItem(g -> g.tableName(table.name()).key(key)
                .consistentRead(true)).item();
        return existing != null && !existing.isEmpty() && (existing.get(ITEM_MARKER) == null
                || !sandboxId.equals(existing.get(ITEM_MARKER).s()));
    }

    /** The source's user metadata with the sandbox marker. */
    static Map<String, String> marked(Map<String, String> metadata, String sandboxId) {
        Map<String, String> copy = new HashMap<>(metadata);
        copy.put(MARKER, sandboxId);
        return copy;
    }

    /** Deletes the object unless it changed since the read that gave {@code eTag} (a conditional delete). */
    private boolean deleteIfUnchanged(String bucket, String key, String eTag) {
        try {
            s3.deleteObject(d -> d.bucket(bucket).key(key).ifMatch(eTag));
            return true;
        } catch (S3Exception e) {
            if (ObjectHeads.goneOrReplaced(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Whether the store has object tagging, asked once: GetObjectTagging of a key that is not there answers 404 on
     * S3 and 501 (NotImplemented) on a store without tags, such as S3Proxy.
     */
    boolean taggingSupported(String bucket) {
        Boolean known = tagging;
        if (known != null) {
            return known;
        }
        String probe = "_brigade/tagging-probe-" + java.util.UUID.randomUUID();
        boolean supported;
        try {
            s3.getObjectTagging(g -> g.bucket(bucket).key(probe));
            supported = true;
        } catch (S3Exception e) {
            if (e.statusCode() == 501) {
                supported = false;
            } else if (e.statusCode() == 404) {
                supported = true;
            } else {
                throw e;
            }
        }
        LOG.info("Object tagging {}: sandbox objects are marked by metadata{}", supported ? "available"
                : "not available", supported ? " and the tag " + MARKER : " only");
        tagging = supported;
        return supported;
    }

    private boolean exists(String bucket) {
        try {
            s3.headBucket(h -> h.bucket(bucket));
            return true;
        } catch (S3Exception e) {
            return false;
        }
    }

    private boolean tableExists(String table) {
        try {
            dynamoDb.describeTable(d -> d.tableName(table));
            return true;
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            return false;
        }
    }
}
