package io.bucketbrigade.records;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import io.bucketbrigade.config.BrigadeProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The datasets' records in {@code experiments-{env}} (one item per dataset), read as {@link DatasetRecord}s and
 * written one change at a time: a verdict, the promotion gate asked, a production status, a publication, an
 * approval, a hold for tampered outputs. The counters move with the objects ledger's writes, in its transactions
 * ({@link ObjectLedger}).
 */
@Component
public class DatasetRecords {

    /** A tier's status is written only when it changes. */
    private static final String STATUS_CHANGES = "attribute_not_exists(#status.#tier) OR #status.#tier <> :value";

    private final DynamoDbClient dynamoDb;
    private final String experiments;
    private final Clock clock;

    @Autowired
    DatasetRecords(DynamoDbClient dynamoDb, BrigadeProperties names) {
        this(dynamoDb, names, Clock.systemUTC());
    }

    DatasetRecords(DynamoDbClient dynamoDb, BrigadeProperties names, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.experiments = names.tables().get("experiments").name();
        this.clock = clock;
    }

    /** The dataset's record, if any. */
    public Optional<DatasetRecord> find(String datasetId) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(experiments).consistentRead(true)
                .key(key(datasetId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(DatasetRecord.from(item));
    }

    /**
     * The records of these datasets, by id, read in as few requests as DynamoDB allows (100 keys each); a dataset
     * with no record is left out.
     */
    public Map<String, DatasetRecord> findAll(Collection<String> datasetIds) {
        Map<String, DatasetRecord> found = new HashMap<>();
        List<String> ids = List.copyOf(new LinkedHashSet<>(datasetIds));
        for (int from = 0; from < ids.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = ids.subList(from, Math.min(ids.size(), from + 100)).stream()
                    .map(DatasetRecords::key).toList();
            Map<String, KeysAndAttributes> request = Map.of(experiments, KeysAndAttributes.builder().keys(keys)
                    .consistentRead(true).build());
            while (!request.isEmpty()) {
                BatchGetItemResponse response = dynamoDb.batchGetItem(BatchGetItemRequest.builder()
                        .requestItems(request).build());
                response.responses().getOrDefault(experiments, List.of()).stream().map(DatasetRecord::from)
                        .forEach(record -> found.put(record.datasetId(), record));
                request = response.unprocessedKeys();
            }
        }
        return found;
    }

    /** Hands every dataset's record to {@code each} (a scan: for periodic reports and jobs, not per object). */
    public void each(Consumer<DatasetRecord> each) {
        dynamoDb.scanPaginator(s -> s.tableName(experiments)).items()
                .forEach(item -> each.accept(DatasetRecord.from(item)));
    }

    /** The ids of the datasets whose verdict is {@code status}, sorted (a scan of their ids and statuses). */
    public List<String> withVerdict(MetadataStatus status) {
        List<String> ids = new ArrayList<>();
        dynamoDb.scanPaginator(s -> s.tableName(experiments).projectionExpression("experimentId, #s")
                        .expressionAttributeNames(Map.of("#s", "status"))).items().stream()
                .map(DatasetRecord::from).filter(d -> d.status().processed() == status)
                .forEach(d -> ids.add(d.datasetId()));
        ids.sort(null);
        return ids;
    }

    /**
     * The dataset's processed objects held as tampered: key to why. While any is held, the dataset is not
     * published.
     */
    public Map<String, String> tampered(String datasetId) {
        return find(datasetId).map(DatasetRecord::tampered).orElse(Map.of());
    }

    /** Holds the dataset from publication: its processed object at {@code key} was overwritten from outside. */
    public void holdTampered(String datasetId, String key, String why) {
        dynamoDb.updateItem(u -> u.tableName(experiments).key(key(datasetId))
                .updateExpression("SET tampered = if_not_exists(tampered, :empty)")
                .expressionAttributeValues(Map.of(":empty", AttributeValue.fromM(Map.of()))));
        dynamoDb.updateItem(u -> u.tableName(experiments).key(key(datasetId))
                .updateExpression("SET tampered.#key = :why, lastModified = :now")
                .expressionAttributeNames(Map.of("#key", key))
                .expressionAttributeValues(Map.of(":why", AttributeValue.fromS(why), ":now", now())));
    }

    /** Ends the hold of one key (restored), or of every key when {@code key} is null (checked by an operator). */
    public void releaseTampered(String datasetId, String key) {
        if (key == null) {
            dynamoDb.updateItem(u -> u.tableName(experiments).key(key(datasetId)).updateExpression("REMOVE tampered"));
            return;
        }
        dynamoDb.updateItem(u -> u.tableName(experiments).key(key(datasetId)).updateExpression("REMOVE tampered.#key")
                .conditionExpression("attribute_exists(tampered)")
                .expressionAttributeNames(Map.of("#key", key)));
    }

    /** Moves the dataset's change version: something of it changed outside the ledger (an external output). */
    public void changed(String datasetId) {
        dynamoDb.updateItem(u -> u.tableName(experiments).key(key(datasetId))
                .updateExpression("SET lastModified = :now ADD changeVersion :one")
                .expressionAttributeValues(Map.of(":one", number(1), ":now", now())));
    }

    /**
     * Records a dataset's verdict for the change version it was made from, with the key of the file that marks its
     * deposit complete (null: none); an older verdict never replaces a newer one.
     *
     * @return whether it was recorded
     */
    public boolean recordVerdict(String datasetId, long version, MetadataStatus status, List<String> checks,
            Map<String, Object> summary, String verdictSha256, String completeMarker) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", AttributeValue.fromS(status.wire()),
                ":checks", AttributeValue.fromL(checks.stream().map(AttributeValue::fromS).toList()),
                ":summary", Attributes.of(summary), ":version", number(version),
                ":sha", AttributeValue.fromS(verdictSha256), ":now", now()));
        String marker;
        if (completeMarker == null) {
            marker = " REMOVE completeMarker";
        } else {
            marker = ", completeMarker = :marker";
            values.put(":marker", AttributeValue.fromS(completeMarker));
        }
        try {
            dynamoDb.updateItem(u -> u.tableName(experiments).key(key(datasetId))
                    .updateExpression("SET #status.#processed = :status, checks = :checks, summary = :summary,"
                            + " checkedVersion = :version, verdictSha256 = :sha, checkedAt = :now" + marker)
                    .conditionExpression("attribute_not_exists(checkedVersion) OR checkedVersion < :version")
                    .expressionAttributeNames(Map.of("#status", "status", "#processed", "processed"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException newer) {
            return false;
        }
    }

    /**
     * Records when the promotion gate is next asked about the dataset on its own while it settles (the wake-up's
     * message is on the promote queue by then).
     */
    public void settleWakeUp(String datasetId, Instant at) {
        try {
            dynamoDb.updateItem(u -> u.tableName(experiments).key(key(datasetId))
                    .updateExpression("SET settleWakeAt = :at")
                    .conditionExpression("attribute_exists(experimentId)")
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(at.toString()))));
        } catch (ConditionalCheckFailedException gone) {
            // no such dataset (any more): nothing to wake
        }
    }

    /** Records that the promotion gate was asked about the verdict of this checked version (once sent). */
    public void promotionRequested(String datasetId, long checkedVersion) {
        try {
            dynamoDb.updateItem(u -> u.tableName(experiments).key(key(datasetId))
                    .updateExpression("SET promotionRequestedVersion = :version")
                    .conditionExpression("attribute_exists(experimentId) AND (attribute_not_exists("
                            + "promotionRequestedVersion) OR promotionRequestedVersion < :version)")
                    .expressionAttributeValues(Map.of(":version", number(checkedVersion))));
        } catch (ConditionalCheckFailedException alreadyOrNewer) {
            // recorded for this version or a newer one already
        }
    }

    /** Sets the dataset's production status, when it changes (the same status again writes nothing). */
    public void production(String datasetId, ProductionStatus status) {
        tierStatus(datasetId, "production", status.wire(), Map.of(), STATUS_CHANGES);
    }

    /**
     * Records a publication: status {@link ProductionStatus#PUBLISHED} with the version, its time, its files and
     * bytes, when the version is newer than the one recorded, or the same with another status (a repeated or
     * older publication writes nothing). A retraction before it is over: it goes (the catalogue keeps it in the
     * dataset's past retractions).
     *
     * @return the record as this publication left it; empty when it changed nothing
     */
    public Optional<DatasetRecord> published(String datasetId, int version, String publishedAt, long files,
            long bytes) {
        return tierStatus(datasetId, "production", ProductionStatus.PUBLISHED.wire(), Map.of("publishedVersion", version,
                "publishedAt", publishedAt, "productionFiles", files, "productionBytes", bytes),
                "attribute_not_exists(publishedVersion) OR publishedVersion < :publishedVersion"
                        + " OR (publishedVersion = :publishedVersion AND (" + STATUS_CHANGES + "))", "retraction");
    }

    /**
     * Records a retraction: status {@code RETRACTED: <reason>}, the retraction (who, when, why, the versions
     * withdrawn, the checked state), and nothing left in production.
     */
    public void retracted(String datasetId, Retraction retraction) {
        tierStatus(datasetId, "production", ProductionStatus.retracted(retraction.reason()).wire(),
                Map.of("retraction", retraction.view(), "productionFiles", 0, "productionBytes", 0),
                "attribute_exists(experimentId)");
    }

    /** Records an operator's decision (replacing any earlier one). */
    public void recordApproval(String datasetId, Approval approval) {
        dynamoDb.updateItem(u -> u.tableName(experiments).key(key(datasetId))
                .updateExpression("SET approval = :approval")
                .expressionAttributeValues(Map.of(":approval", Attributes.of(approval.plain()))));
    }

    /**
     * Sets one tier's status of the dataset ({@code status.<tier>}) and other attributes with it, when
     * {@code condition} holds (such as {@link #STATUS_CHANGES}). An attribute's new value is {@code :<name>}, the
     * status's {@code :value}.
     *
     * @return the record as the update left it; empty when the condition did not hold (or there is no dataset)
     */
    private Optional<DatasetRecord> tierStatus(String datasetId, String tier, String status, Map<String, Object> attributes,
            String condition, String... removed) {
        StringBuilder expression = new StringBuilder("SET #status.#tier = :value, lastModified = :now");
        Map<String, String> names = new HashMap<>(Map.of("#status", "status", "#tier", tier));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":value", AttributeValue.fromS(status),
                ":now", now()));
        attributes.forEach((name, value) -> {
            expression.append(", #").append(name).append(" = :").append(name);
            names.put("#" + name, name);
            values.put(":" + name, Attributes.of(value));
        });
        for (int i = 0; i < removed.length; i++) {
            expression.append(i == 0 ? " REMOVE #" : ", #").append(removed[i]);
            names.put("#" + removed[i], removed[i]);
        }
        try {
            return Optional.of(DatasetRecord.from(dynamoDb.updateItem(u -> u.tableName(experiments)
                    .key(key(datasetId)).updateExpression(expression.toString())
                    .conditionExpression("attribute_exists(experimentId) AND (" + condition + ")")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes()));
        } catch (ConditionalCheckFailedException unchangedOrGone) {
            return Optional.empty(); // nothing changed, or no such dataset
        }
    }

    /** Creates the dataset's item once, as Cellenics does (condition attribute_not_exists). */
    void create(String datasetId, String profile, String location) {
        Map<String, AttributeValue> item = DatasetRecord.created(datasetId, profile, location, clock.instant())
                .item();
        try {
            dynamoDb.putItem(p -> p.tableName(experiments).item(item)
                    .conditionExpression("attribute_not_exists(experimentId)"));
        } catch (ConditionalCheckFailedException exists) {
            // created before: kept as it is
        }
    }

    /**
     * The write, for the objects ledger's transaction, that counts object versions processed: files (those whose
     * object had none before), bytes by the difference, and the change version (moved once, even by no file).
     */
    TransactWriteItem countProcessed(String datasetId, long files, long bytes, String now) {
        return TransactWriteItem.builder().update(u -> u.tableName(experiments).key(key(datasetId))
                .updateExpression("SET lastModified = :now ADD processedFiles :pf, processedBytes :pb,"
                        + " changeVersion :one")
                .expressionAttributeValues(Map.of(":pf", number(files), ":pb", number(bytes),
                        ":one", number(1), ":now", AttributeValue.fromS(now)))).build();
    }

    /**
     * The write, for the objects ledger's transaction, that moves the counters (differences) of an object's new
     * state, marks the dataset received and ingested, and moves its change version. Fails its condition when the
     * dataset has no item yet ({@link #create} it first).
     *
     * @param processedFiles -1 when the new state replaces a version that had reached processed, else 0 (and
     *                       {@code processedBytes} the size of that copy, negated)
     */
    TransactWriteItem countIngested(String datasetId, long originalFiles, long originalBytes, long sourceFiles,
            long sourceBytes, long rejectedFiles, long processedFiles, long processedBytes) {
        Map<String, AttributeValue> values = Map.ofEntries(
                Map.entry(":of", number(originalFiles)), Map.entry(":ob", number(originalBytes)),
                Map.entry(":sf", number(sourceFiles)), Map.entry(":sb", number(sourceBytes)),
                Map.entry(":rf", number(rejectedFiles)),
                Map.entry(":pf", number(processedFiles)), Map.entry(":pb", number(processedBytes)),
                Map.entry(":one", number(1)), Map.entry(":now", AttributeValue.fromS(Instant.now(clock).toString())),
                Map.entry(":received", AttributeValue.fromS(DatasetRecord.OriginalStatus.RECEIVED.name())),
                Map.entry(":source", AttributeValue.fromS(DatasetRecord.SourceStatus.INGESTED.name())));
        return TransactWriteItem.builder().update(u -> u.tableName(experiments).key(key(datasetId))
                .updateExpression("SET lastModified = :now, lastIngestedAt = :now, #status.original = :received,"
                        + " #status.#source = :source"
                        + " ADD originalFiles :of, originalBytes :ob, sourceFiles :sf, sourceBytes :sb,"
                        + " rejectedFiles :rf, processedFiles :pf, processedBytes :pb, changeVersion :one")
                .conditionExpression("attribute_exists(experimentId)") // created by create
                .expressionAttributeNames(Map.of("#status", "status", "#source", "source"))
                .expressionAttributeValues(values)).build();
    }

    private AttributeValue now() {
        return AttributeValue.fromS(clock.instant().toString());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static Map<String, AttributeValue> key(String datasetId) {
        return Map.of("experimentId", AttributeValue.fromS(datasetId));
    }
}
