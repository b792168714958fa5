package io.bucketbrigade.staging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.mongodb.client.MongoClient;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.provision.Provisioner;
import io.bucketbrigade.s3.ObjectCopier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Staging sandboxes, with the semantics of Cellenics' stage tool: copy chosen datasets from the production
 * environment's buckets and tables into staging, every key and id prefixed {@code <sandboxId>-}, objects whose
 * target already has the same ETag skipped, pipeline handles blanked; unstage deletes everything of one sandbox.
 * It never writes to production. A dry run returns the planned operations and writes nothing.
 */
@Component
public class Stager {

    private static final Logger LOG = LoggerFactory.getLogger(Stager.class);
    static final Pattern SANDBOX = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    /** The tables whose items belong to a dataset, and the attribute naming it. */
    static final Map<String, String> DATASET_TABLES = Map.of("experiments", "experimentId", "samples", "experimentId",
            "objects", "datasetId");
    private static final int PROGRESS_EVERY = 100;

    /** What a stage or unstage did (or, in a dry run, would do). */
    public record Report(boolean dryRun, int copied, int skipped, int items, int deleted, long bytes,
            List<String> operations) {}

    private final S3Client s3;
    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final MongoClient mongo;
    private final ObjectCopier copier;
    private final Environments environments;

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
        if (!dryRun) {
            new Provisioner(to, s3, dynamoDb, sqs, mongo).provision();
        }
        List<String> operations = new ArrayList<>();
        int copied = 0;
        int skipped = 0;
        int items = 0;
        long bytes = 0;
        for (String dataset : datasets) {
            String prefix = dataset + "/";
            for (String tier : from.buckets().keySet()) {
                String source = from.buckets().get(tier);
                String target = to.buckets().get(tier);
                for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(source).prefix(prefix)).contents()) {
                    String key = sandboxId + "-" + object.key();
                    HeadObjectResponse existing = head(target, key);
                    if (existing != null && existing.eTag().equals(object.eTag())) {
                        operations.add("SKIP s3://" + target + "/" + key + " (same ETag)");
                        skipped++;
                        continue;
                    }
                    operations.add("COPY s3://" + source + "/" + object.key() + " -> s3://" + target + "/" + key);
                    if (!dryRun) {
                        copier.copy(source, object.key(), target, key, metadata -> metadata, null);
                        progress(operations.size(), "staged", sandboxId);
                    }
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
                    operations.add("PUT dynamodb://" + targetTable + "/" + describe(copy, to.tables()
                            .get(table.getKey())));
                    if (!dryRun) {
                        dynamoDb.putItem(p -> p.tableName(targetTable).item(copy));
                    }
                    items++;
                }
            }
        }
        LOG.info("Stage of sandbox {} ({} -> {}){}: {} object(s) copied ({} bytes), {} skipped, {} item(s)",
                sandboxId, fromEnv, toEnv, dryRun ? " (dry run)" : "", copied, bytes, skipped, items);
        return new Report(dryRun, copied, skipped, items, 0, bytes, List.copyOf(operations));
    }

    /** Deletes every object and item of the sandbox from the environment (never production). */
    public Report unstage(String sandboxId, String env, boolean dryRun) {
        checkSandbox(sandboxId);
        BrigadeProperties names = target(env, null);
        String prefix = sandboxId + "-";
        List<String> operations = new ArrayList<>();
        int deleted = 0;
        for (String bucket : names.buckets().values()) {
            if (!exists(bucket)) {
                continue;
            }
            for (S3Object object : s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix)).contents()) {
                operations.add("DELETE s3://" + bucket + "/" + object.key());
                if (!dryRun) {
                    s3.deleteObject(d -> d.bucket(bucket).key(object.key()));
                    progress(operations.size(), "unstaged", sandboxId);
                }
                deleted++;
            }
        }
        for (Map.Entry<String, String> table : DATASET_TABLES.entrySet()) {
            BrigadeProperties.Table definition = names.tables().get(table.getKey());
            for (Map<String, AttributeValue> item : sandboxItems(definition, prefix)) {
                operations.add("DELETE dynamodb://" + definition.name() + "/" + describe(item, definition));
                if (!dryRun) {
                    Map<String, AttributeValue> key = new HashMap<>();
                    key.put(definition.partitionKey(), item.get(definition.partitionKey()));
                    if (definition.hasSortKey()) {
                        key.put(definition.sortKey(), item.get(definition.sortKey()));
                    }
                    dynamoDb.deleteItem(d -> d.tableName(definition.name()).key(key));
                }
                deleted++;
            }
        }
        LOG.info("Unstage of sandbox {} from {}{}: {} object(s) and item(s) deleted", sandboxId, env,
                dryRun ? " (dry run)" : "", deleted);
        return new Report(dryRun, 0, 0, 0, deleted, 0, List.copyOf(operations));
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

    private void progress(int done, String what, String sandboxId) {
        if (done % PROGRESS_EVERY == 0) {
            LOG.info("Sandbox {}: {} operations {}", sandboxId, done, what);
        }
    }

    private HeadObjectResponse head(String bucket, String key) {
        try {
            return s3.headObject(h -> h.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
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
