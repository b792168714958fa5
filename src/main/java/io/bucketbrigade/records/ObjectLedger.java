package io.bucketbrigade.records;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import io.bucketbrigade.config.BrigadeProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The operational records in DynamoDB: the {@code objects-{env}} ledger (one item per original object, its latest
 * version), {@code experiments-{env}} (one item per dataset, with file counts and bytes per tier) and, for
 * profiles with samples, {@code samples-{env}}. Every write is idempotent: a ledger item changes only to a newer
 * version or another state, and the dataset counters move in the same transaction, so a duplicate never counts
 * twice.
 */
@Component
public class ObjectLedger {

    private static final int ATTEMPTS = 5;

    private final DynamoDbClient dynamoDb;
    private final String objects;
    private final String experiments;
    private final String samples;
    private final String sourceBucket;
    private final Clock clock;

    @Autowired
    ObjectLedger(DynamoDbClient dynamoDb, BrigadeProperties names) {
        this(dynamoDb, names, Clock.systemUTC());
    }

    ObjectLedger(DynamoDbClient dynamoDb, BrigadeProperties names, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.objects = names.tables().get("objects").name();
        this.experiments = names.tables().get("experiments").name();
        this.samples = names.tables().get("samples").name();
        this.sourceBucket = names.buckets().get("source");
        this.clock = clock;
    }

    public Optional<LedgerEntry> find(String datasetId, String objectKey) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(objects).consistentRead(true)
                .key(key(datasetId, objectKey))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(LedgerEntry.from(item));
    }

    /** Every ledger item of a dataset. */
    public List<LedgerEntry> dataset(String datasetId) {
        List<LedgerEntry> entries = new ArrayList<>();
        dynamoDb.queryPaginator(q -> q.tableName(objects).consistentRead(true)
                        .keyConditionExpression("datasetId = :d")
                        .expressionAttributeValues(Map.of(":d", AttributeValue.fromS(datasetId))))
                .items().forEach(item -> entries.add(LedgerEntry.from(item)));
        return entries;
    }

    /** Whether the ledger already holds a newer version of this object than the one with this sequencer. */
    public boolean newerRecorded(String datasetId, String objectKey, String sequencer) {
        return find(datasetId, objectKey).map(entry -> entry.newerThan(sequencer)).orElse(false);
    }

    /**
     * Records that an object's current version is in processed, and counts it, once: a second call for the same
     * source version changes nothing. Moves the dataset's change version, so its checks run again.
     *
     * @return whether this call recorded it
     */
    public boolean recordProcessed(String datasetId, String objectKey, String sourceSha256, String processedKey,
            long processedSize) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            LedgerEntry entry = find(datasetId, objectKey).orElse(null);
            if (entry == null || !sourceSha256.equals(entry.sourceSha256())) {
                return false; // a newer version is on its way
            }
            Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(objects).consistentRead(true)
                    .key(key(datasetId, objectKey))).item();
            AttributeValue done = item.get("processedSha256");
            if (done != null && done.s().equals(sourceSha256)) {
                return false;
            }
            long oldSize = item.containsKey("processedSize") ? Long.parseLong(item.get("processedSize").n()) : 0;
            String now = clock.instant().toString();
            TransactWriteItem mark = TransactWriteItem.builder().update(u -> u.tableName(objects)
                    .key(key(datasetId, objectKey))
                    .updateExpression("SET processedSha256 = :sha, processedSize = :size, processedAt = :now,"
                            + " tiers.#processed = :location")
                    .conditionExpression("sourceSha256 = :sha AND (attribute_not_exists(processedSha256)"
                            + " OR processedSha256 <> :sha)")
                    .expressionAttributeNames(Map.of("#processed", "processed"))
                    .expressionAttributeValues(Map.of(":sha", AttributeValue.fromS(sourceSha256),
                            ":size", number(processedSize), ":now", AttributeValue.fromS(now),
                            ":location", AttributeValue.fromS(processedKey)))).build();
            TransactWriteItem count = TransactWriteItem.builder().update(u -> u.tableName(experiments)
                    .key(Map.of("experimentId", AttributeValue.fromS(datasetId)))
                    .updateExpression("SET lastModified = :now ADD processedFiles :pf, processedBytes :pb,"
                            + " changeVersion :one")
                    .expressionAttributeValues(Map.of(":pf", number(done == null ? 1 : 0),
                            ":pb", number(processedSize - oldSize), ":one", number(1),
                            ":now", AttributeValue.fromS(now)))).build();
            try {
                dynamoDb.transactWriteItems(t -> t.transactItems(mark, count));
                return true;
            } catch (TransactionCanceledException e) {
                if (!conditionFailed(e)) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("Could not record " + objectKey + " of dataset " + datasetId
                + " as processed after " + ATTEMPTS + " attempts");
    }

    /**
     * The dataset's processed objects held as tampered (attribute {@code tampered} of its item): key to why. While
     * any is held, the dataset is not published.
     */
    public Map<String, String> tampered(String datasetId) {
        return experiment(datasetId).map(ObjectLedger::tampered).orElse(Map.of());
    }

    /** The keys held as tampered in a dataset's item. */
    public static Map<String, String> tampered(Map<String, AttributeValue> experiment) {
        AttributeValue held = experiment.get("tampered");
        if (held == null || !held.hasM()) {
            return Map.of();
        }
        Map<String, String> keys = new java.util.TreeMap<>();
        held.m().forEach((key, why) -> keys.put(key, why.s()));
        return keys;
    }

    /** Holds the dataset from publication: its processed object at {@code key} was overwritten from outside. */
    public void holdTampered(String datasetId, String key, String why) {
        Map<String, AttributeValue> id = Map.of("experimentId", AttributeValue.fromS(datasetId));
        dynamoDb.updateItem(u -> u.tableName(experiments).key(id)
                .updateExpression("SET tampered = if_not_exists(tampered, :empty)")
                .expressionAttributeValues(Map.of(":empty", AttributeValue.fromM(Map.of()))));
        dynamoDb.updateItem(u -> u.tableName(experiments).key(id)
                .updateExpression("SET tampered.#key = :why, lastModified = :now")
                .expressionAttributeNames(Map.of("#key", key))
                .expressionAttributeValues(Map.of(":why", AttributeValue.fromS(why),
                        ":now", AttributeValue.fromS(clock.instant().toString()))));
    }

    /** Ends the hold of one key (restored), or of every key when {@code key} is null (checked by an operator). */
    public void releaseTampered(String datasetId, String key) {
        Map<String, AttributeValue> id = Map.of("experimentId", AttributeValue.fromS(datasetId));
        if (key == null) {
            dynamoDb.updateItem(u -> u.tableName(experiments).key(id).updateExpression("REMOVE tampered"));
            return;
        }
        dynamoDb.updateItem(u -> u.tableName(experiments).key(id).updateExpression("REMOVE tampered.#key")
                .conditionExpression("attribute_exists(tampered)")
                .expressionAttributeNames(Map.of("#key", key)));
    }

    /** Moves the dataset's change version: something of it changed outside the ledger (an external output). */
    public void changed(String datasetId) {
        dynamoDb.updateItem(u -> u.tableName(experiments)
                .key(Map.of("experimentId", AttributeValue.fromS(datasetId)))
                .updateExpression("SET lastModified = :now ADD changeVersion :one")
                .expressionAttributeValues(Map.of(":one", number(1),
                        ":now", AttributeValue.fromS(clock.instant().toString()))));
    }

    /**
     * Records a dataset's verdict for the change version it was made from; an older verdict never replaces a newer
     * one.
     *
     * @return whether it was recorded
     */
    public boolean recordVerdict(String datasetId, long version, String status, List<String> checks,
            Map<String, Object> summary, String verdictSha256) {
        try {
            dynamoDb.updateItem(u -> u.tableName(experiments)
                    .key(Map.of("experimentId", AttributeValue.fromS(datasetId)))
                    .updateExpression("SET #status.#processed = :status, checks = :checks, summary = :summary,"
                            + " checkedVersion = :version, verdictSha256 = :sha, checkedAt = :now")
                    .conditionExpression("attribute_not_exists(checkedVersion) OR checkedVersion < :version")
                    .expressionAttributeNames(Map.of("#status", "status", "#processed", "processed"))
                    .expressionAttributeValues(Map.of(":status", AttributeValue.fromS(status),
                            ":checks", AttributeValue.fromL(checks.stream().map(AttributeValue::fromS).toList()),
                            ":summary", Attributes.of(summary), ":version", number(version),
                            ":sha", AttributeValue.fromS(verdictSha256),
                            ":now", AttributeValue.fromS(clock.instant().toString()))));
            return true;
        } catch (ConditionalCheckFailedException newer) {
            return false;
        }
    }

    /** Records that the promotion gate was asked about the verdict of this checked version (once sent). */
    public void promotionRequested(String datasetId, long checkedVersion) {
        try {
            dynamoDb.updateItem(u -> u.tableName(experiments)
                    .key(Map.of("experimentId", AttributeValue.fromS(datasetId)))
                    .updateExpression("SET promotionRequestedVersion = :version")
                    .conditionExpression("attribute_exists(experimentId) AND (attribute_not_exists("
                            + "promotionRequestedVersion) OR promotionRequestedVersion < :version)")
                    .expressionAttributeValues(Map.of(":version", number(checkedVersion))));
        } catch (ConditionalCheckFailedException alreadyOrNewer) {
            // recorded for this version or a newer one already
        }
    }

    /**
     * Sets one tier's status of the dataset ({@code status.<tier>}) and other attributes with it, when the status
     * changes (a repeated status writes nothing).
     */
    public void tierStatus(String datasetId, String tier, String status, Map<String, Object> attributes) {
        StringBuilder expression = new StringBuilder("SET #status.#tier = :value, lastModified = :now");
        Map<String, String> names = new HashMap<>(Map.of("#status", "status", "#tier", tier));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":value", AttributeValue.fromS(status),
                ":now", AttributeValue.fromS(clock.instant().toString())));
        int i = 0;
        for (Map.Entry<String, Object> attribute : attributes.entrySet()) {
            expression.append(", #a").append(i).append(" = :a").append(i);
            names.put("#a" + i, attribute.getKey());
            values.put(":a" + i, Attributes.of(attribute.getValue()));
            i++;
        }
        try {
            dynamoDb.updateItem(u -> u.tableName(experiments)
                    .key(Map.of("experimentId", AttributeValue.fromS(datasetId)))
                    .updateExpression(expression.toString())
                    .conditionExpression("attribute_exists(experimentId) AND"
                            + " (attribute_not_exists(#status.#tier) OR #status.#tier <> :value)")
                    .expressionAttributeNames(names).expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException unchangedOrGone) {
            // the same status again, or no such dataset
        }
    }

    /** One tier's status ({@code status.<tier>}) in an experiment item, or null. */
    public static String status(Map<String, AttributeValue> experiment, String tier) {
        AttributeValue status = experiment.get("status");
        return status == null || !status.hasM() || !status.m().containsKey(tier) ? null : status.m().get(tier).s();
    }

    /** Hands every dataset's experiment item to {@code each} (a scan: for periodic reports, not per object). */
    public void experiments(Consumer<Map<String, AttributeValue>> each) {
        dynamoDb.scanPaginator(s -> s.tableName(experiments)).items().forEach(each);
    }

    /** The dataset's experiment item, if any. */
    public Optional<Map<String, AttributeValue>> experiment(String datasetId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(experiments).consistentRead(true)
                .key(Map.of("experimentId", AttributeValue.fromS(datasetId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /**
     * Records an object version's outcome and moves the dataset's counters with it, in one transaction. (A key no
     * profile took is recorded under the dataset {@code _unassigned}, without counters.)
     *
     * @return true when recorded now; false when this version in this state, or a newer version, is already there
     */
    public boolean record(LedgerEntry entry) {
        return record(entry, find(entry.datasetId(), entry.objectKey()));
    }

    /**
     * {@link #record(LedgerEntry)}, starting from the object's entry as the caller read it a moment ago (empty: there
     * was none), which saves a read; should it have changed since, the write's condition fails and it is read again.
     */
    public boolean record(LedgerEntry entry, Optional<LedgerEntry> read) {
        boolean counted = entry.profile() != null; // a key no profile took belongs to no dataset
        Optional<LedgerEntry> current = read;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                current = find(entry.datasetId(), entry.objectKey());
            }
            LedgerEntry old = current.orElse(null);
            if (old != null) {
                int order = old.sequencer().compareTo(entry.sequencer());
                if (order > 0 || order == 0 && old.eTag().equals(entry.eTag()) && old.state().equals(entry.state())) {
                    return false;
                }
            }
            try {
                List<TransactWriteItem> writes = counted ? List.of(putEntry(entry, old), countersMove(entry, old))
                        : List.of(putEntry(entry, old));
                dynamoDb.transactWriteItems(t -> t.transactItems(writes));
                return true;
            } catch (TransactionCanceledException e) {
                if (!conditionFailed(e)) {
                    throw e;
                }
                if (counted && conditionFailed(e.cancellationReasons().get(1))) { // 1: countersMove
                    ensureExperiment(entry); // the dataset's first object: its item is created, then counted
                }
                // or another writer recorded this object meanwhile: read again and decide again
            }
        }
        throw new IllegalStateException("Could not record " + entry.objectKey() + " of dataset " + entry.datasetId()
                + " after " + ATTEMPTS + " attempts: other writers keep changing it");
    }

    /**
     * Records one file of a sample (profiles with samples): the sample's file by role, its file names, and whether
     * every required role is there. Idempotent.
     */
    public void recordSampleFile(String datasetId, String sampleId, String role, String fileName,
            Map<String, String> file, Set<String> requiredRoles) {
        String now = clock.instant().toString();
        Map<String, AttributeValue> key = Map.of("experimentId", AttributeValue.fromS(datasetId));
        dynamoDb.updateItem(u -> u.tableName(samples).key(key)
                .updateExpression("SET #samples = if_not_exists(#samples, :empty),"
                        + " projectUuid = if_not_exists(projectUuid, :project)")
                .expressionAttributeNames(Map.of("#samples", "samples"))
                .expressionAttributeValues(Map.of(":empty", AttributeValue.fromM(Map.of()),
                        ":project", AttributeValue.fromS(datasetId))));
        Map<String, AttributeValue> sample = new HashMap<>();
        sample.put("name", AttributeValue.fromS(sampleId));
        sample.put("uuid", AttributeValue.fromS(sampleId));
        sample.put("type", AttributeValue.fromS("10X Chromium"));
        sample.put("species", AttributeValue.fromNul(true));
        sample.put("createdDate", AttributeValue.fromS(now));
        sample.put("lastModified", AttributeValue.fromS(now));
        sample.put("complete", AttributeValue.fromBool(false));
        sample.put("error", AttributeValue.fromBool(false));
        sample.put("fileNames", AttributeValue.fromL(List.of()));
        sample.put("files", AttributeValue.fromM(Map.of()));
        sample.put("metadata", AttributeValue.fromM(Map.of()));
        dynamoDb.updateItem(u -> u.tableName(samples).key(key)
                .updateExpression("SET #samples.#s = if_not_exists(#samples.#s, :sample)")
                .expressionAttributeNames(Map.of("#samples", "samples", "#s", sampleId))
                .expressionAttributeValues(Map.of(":sample", AttributeValue.fromM(sample))));
        Map<String, AttributeValue> fileItem = new HashMap<>();
        fileItem.put("name", AttributeValue.fromS(fileName));
        file.forEach((name, value) -> fileItem.put(name, AttributeValue.fromS(value)));
        Map<String, AttributeValue> updated = dynamoDb.updateItem(u -> u.tableName(samples).key(key)
                .updateExpression("SET #samples.#s.#files.#role = :file, #samples.#s.lastModified = :now")
                .expressionAttributeNames(Map.of("#samples", "samples", "#s", sampleId, "#files", "files",
                        "#role", role))
                .expressionAttributeValues(Map.of(":file", AttributeValue.fromM(fileItem),
                        ":now", AttributeValue.fromS(now)))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        Map<String, AttributeValue> files = updated.get("samples").m().get(sampleId).m().get("files").m();
        TreeSet<String> names = new TreeSet<>();
        files.values().forEach(f -> names.add(f.m().get("name").s()));
        boolean complete = files.keySet().containsAll(requiredRoles);
        dynamoDb.updateItem(u -> u.tableName(samples).key(key)
                .updateExpression("SET #samples.#s.fileNames = :names, #samples.#s.#complete = :complete")
                .expressionAttributeNames(Map.of("#samples", "samples", "#s", sampleId, "#complete", "complete"))
                .expressionAttributeValues(Map.of(":names",
                        AttributeValue.fromL(names.stream().map(AttributeValue::fromS).toList()),
                        ":complete", AttributeValue.fromBool(complete))));
    }

    /** The sample items of a dataset, if any. */
    public Optional<Map<String, AttributeValue>> samples(String datasetId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(samples).consistentRead(true)
                .key(Map.of("experimentId", AttributeValue.fromS(datasetId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item);
    }

    /** Creates the dataset's experiment item once, as Cellenics does (condition attribute_not_exists). */
    private void ensureExperiment(LedgerEntry entry) {
        String now = clock.instant().toString();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("experimentId", AttributeValue.fromS(entry.datasetId()));
        item.put("experimentName", AttributeValue.fromS(entry.datasetId()));
        item.put("createdDate", AttributeValue.fromS(now));
        item.put("lastModified", AttributeValue.fromS(now));
        if (entry.profile() != null) {
            item.put("profile", AttributeValue.fromS(entry.profile()));
            item.put("meta", AttributeValue.fromM(Map.of("type", AttributeValue.fromS(entry.profile()))));
        }
        item.put("location", AttributeValue.fromS("s3://" + sourceBucket + "/" + entry.datasetId()));
        item.put("status", AttributeValue.fromM(Map.of(
                "original", AttributeValue.fromS("RECEIVING"),
                "source", AttributeValue.fromS("INGESTING"))));
        try {
            dynamoDb.putItem(p -> p.tableName(experiments).item(item)
                    .conditionExpression("attribute_not_exists(experimentId)"));
        } catch (ConditionalCheckFailedException exists) {
            // created before: kept as it is
        }
    }

    private TransactWriteItem putEntry(LedgerEntry entry, LedgerEntry old) {
        return TransactWriteItem.builder().put(p -> {
            p.tableName(objects).item(entry.item());
            if (old == null) {
                p.conditionExpression("attribute_not_exists(objectKey)");
            } else {
                p.conditionExpression("sequencer = :seq AND etag = :etag AND #state = :state")
                        .expressionAttributeNames(Map.of("#state", "state"))
                        .expressionAttributeValues(Map.of(":seq", AttributeValue.fromS(old.sequencer()),
                                ":etag", AttributeValue.fromS(old.eTag()),
                                ":state", AttributeValue.fromS(old.state())));
            }
        }).build();
    }

    /** The experiment's counters moved from the old state of the object to the new one. */
    private TransactWriteItem countersMove(LedgerEntry entry, LedgerEntry old) {
        long originalFiles = old == null ? 1 : 0;
        long originalBytes = entry.size() - (old == null ? 0 : old.size());
        long sourceFiles = 0;
        long sourceBytes = 0;
        long rejectedFiles = 0;
        if (old != null && LedgerEntry.COPIED.equals(old.state())) {
            sourceFiles--;
            sourceBytes -= old.sourceSize();
        }
        if (old != null && LedgerEntry.REJECTED.equals(old.state())) {
            rejectedFiles--;
        }
        if (LedgerEntry.COPIED.equals(entry.state())) {
            sourceFiles++;
            sourceBytes += entry.sourceSize();
        } else if (LedgerEntry.REJECTED.equals(entry.state())) {
            rejectedFiles++;
        }
        Map<String, AttributeValue> values = Map.of(
                ":of", number(originalFiles), ":ob", number(originalBytes),
                ":sf", number(sourceFiles), ":sb", number(sourceBytes), ":rf", number(rejectedFiles),
                ":one", number(1), ":now", AttributeValue.fromS(Instant.now(clock).toString()),
                ":received", AttributeValue.fromS("RECEIVED"), ":source", AttributeValue.fromS("INGESTED"));
        return TransactWriteItem.builder().update(u -> u.tableName(experiments)
                .key(Map.of("experimentId", AttributeValue.fromS(entry.datasetId())))
                .updateExpression("SET lastModified = :now, #status.original = :received, #status.#source = :source"
                        + " ADD originalFiles :of, originalBytes :ob, sourceFiles :sf, sourceBytes :sb,"
                        + " rejectedFiles :rf, changeVersion :one")
                .conditionExpression("attribute_exists(experimentId)") // created by ensureExperiment
                .expressionAttributeNames(Map.of("#status", "status", "#source", "source"))
                .expressionAttributeValues(values)).build();
    }

    private static boolean conditionFailed(TransactionCanceledException e) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream().anyMatch(ObjectLedger::conditionFailed);
    }

    private static boolean conditionFailed(CancellationReason reason) {
        return "ConditionalCheckFailed".equals(reason.code());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static Map<String, AttributeValue> key(String datasetId, String objectKey) {
        return Map.of("datasetId", AttributeValue.fromS(datasetId),
                "objectKey", AttributeValue.fromS(LedgerEntry.sortKey(objectKey)));
    }
}
