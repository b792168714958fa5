package io.bucketbrigade.records;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bucketbrigade.config.BrigadeProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The {@code objects-{env}} ledger: one item per original object, its latest version, as {@link LedgerEntry}s.
 * Every write is idempotent: a ledger item changes only to a newer version or another state, and the dataset's
 * counters in {@code experiments-{env}} ({@link DatasetRecords}) move in the same transaction, so a duplicate never
 * counts twice.
 */
@Component
public class ObjectLedger {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectLedger.class);
    private static final int ATTEMPTS = 5;
    /** The most items DynamoDB takes in one TransactWriteItems. */
    private static final int TRANSACTION_ITEMS = 100;

    private final DynamoDbClient dynamoDb;
    private final String objects;
    private final DatasetRecords datasets;
    private final String sourceBucket;
    private final Clock clock;

    @Autowired
    ObjectLedger(DynamoDbClient dynamoDb, DatasetRecords datasets, BrigadeProperties names) {
        this(dynamoDb, datasets, names, Clock.systemUTC());
    }

    ObjectLedger(DynamoDbClient dynamoDb, DatasetRecords datasets, BrigadeProperties names, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.datasets = datasets;
        this.objects = names.tables().get("objects").name();
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

    /**
     * What the enrich hop did with an object: its ledger entry as it loaded it, and its copy in processed (the copy's
     * {@code s3://} location and size; a null location: not copied, its dataset changed all the same).
     */
    public record ProcessedMark(LedgerEntry read, String processedLocation, long processedSize) {
    }

    /**
     * Records that an object's current version is in processed, and counts it, once: a second call for the same
     * source version changes nothing. Moves the dataset's change version, so its checks run again. Starts from the
     * entry as the caller read it (the version it took to processed), which saves a read; should the item have
     * changed since, the write's condition fails and it is read again.
     *
     * @return whether this call recorded it
     */
    public boolean recordProcessed(LedgerEntry read, String processedLocation, long processedSize) {
        Optional<LedgerEntry> current = Optional.of(read);
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (attempt > 1) {
                current = find(read.datasetId(), read.objectKey());
            }
            if (current.isEmpty() || !read.sourceSha256().equals(current.get().sourceSha256())) {
                return false; // not in source (any more), or a newer version is on its way
            }
            if (marked(current.get())) {
                return false;
            }
            String now = clock.instant().toString();
            LedgerEntry.Processed done = current.get().processed();
            TransactWriteItem mark = mark(current.get(), processedLocation, processedSize, now);
            TransactWriteItem count = datasets.countProcessed(read.datasetId(), done == null ? 1 : 0,
                    processedSize - (done == null ? 0 : done.size()), now);
            try {
                dynamoDb.transactWriteItems(t -> t.transactItems(mark, count));
                return true;
            } catch (TransactionCanceledException e) {
                if (!conditionFailed(e)) {
                    throw e;
                }
            }
        }
        throw new IllegalStateException("Could not record " + read.objectKey() + " of dataset " + read.datasetId()
                + " as processed after " + ATTEMPTS + " attempts");
    }

    /**
     * {@link #recordProcessed} for the objects of a receive, in one TransactWriteItems: each object's mark on the
     * condition of its entry as read, and each dataset's counters and change version moved once, by the sum of its
     * objects (a dataset whose objects were not copied only changes). When a condition fails (an entry changed since
     * it was read), when an object comes twice, or when there is only one, each is recorded on its own.
     */
    public void recordProcessedAll(List<ProcessedMark> marks) {
        List<ProcessedMark> due = marks.stream().filter(m -> m.processedLocation() == null || !marked(m.read()))
                .toList();
        List<ProcessedMark> copies = due.stream().filter(m -> m.processedLocation() != null).toList();
        Map<String, long[]> counts = new LinkedHashMap<>(); // files, bytes
        due.forEach(m -> counts.putIfAbsent(m.read().datasetId(), new long[2]));
        boolean distinct = copies.stream().map(m -> List.of(m.read().datasetId(), m.read().objectKey())).distinct()
                .count() == copies.size();
        if (due.size() > 1 && distinct && copies.size() + counts.size() <= TRANSACTION_ITEMS) {
            String now = clock.instant().toString();
            List<TransactWriteItem> writes = new ArrayList<>();
            for (ProcessedMark m : copies) {
                LedgerEntry.Processed done = m.read().processed();
                long[] count = counts.get(m.read().datasetId());
                count[0] += done == null ? 1 : 0;
                count[1] += m.processedSize() - (done == null ? 0 : done.size());
                writes.add(mark(m.read(), m.processedLocation(), m.processedSize(), now));
            }
            counts.forEach((dataset, count) -> writes.add(datasets.countProcessed(dataset, count[0], count[1], now)));
            try {
                dynamoDb.transactWriteItems(t -> t.transactItems(writes));
                return;
            } catch (TransactionCanceledException e) {
                LOG.debug("The processed marks of {} objects were not written together; each is written on its own:"
                        + " {}", copies.size(), e.toString());
            }
        }
        copies.forEach(m -> recordProcessed(m.read(), m.processedLocation(), m.processedSize()));
        due.stream().filter(m -> m.processedLocation() == null).map(m -> m.read().datasetId()).distinct()
                .forEach(datasets::changed);
    }

    /** Whether the entry's own source version is marked processed already. */
    private static boolean marked(LedgerEntry entry) {
        return entry.processed() != null && entry.processed().sourceSha256().equals(entry.sourceSha256());
    }

    /** The processed mark of the entry's source version, on the condition that the mark is still as read. */
    private TransactWriteItem mark(LedgerEntry read, String processedLocation, long processedSize, String now) {
        LedgerEntry.Processed done = read.processed();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":sha", AttributeValue.fromS(read.sourceSha256()),
                ":size", number(processedSize), ":now", AttributeValue.fromS(now),
                ":location", AttributeValue.fromS(processedLocation)));
        if (done != null) {
            values.put(":done", AttributeValue.fromS(done.sourceSha256()));
        }
        return TransactWriteItem.builder().update(u -> u.tableName(objects)
                .key(key(read.datasetId(), read.objectKey()))
                .updateExpression("SET processedSha256 = :sha, processedSize = :size, processedAt = :now,"
                        + " tiers.#processed = :location")
                .conditionExpression("sourceSha256 = :sha AND " + (done == null
                        ? "attribute_not_exists(processedSha256)" : "processedSha256 = :done"))
                .expressionAttributeNames(Map.of("#processed", "processed"))
                .expressionAttributeValues(values)).build();
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
        boolean readAgain = false;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (readAgain) {
                current = find(entry.datasetId(), entry.objectKey());
            }
            LedgerEntry old = current.orElse(null);
            if (old != null) {
                int order = old.sequencer().compareTo(entry.sequencer());
                if (order > 0 || order == 0 && old.eTag().equals(entry.eTag()) && old.state() == entry.state()) {
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
                    // the dataset's first object: its item is created, then counted
                    datasets.create(entry.datasetId(), entry.profile(),
                            "s3://" + sourceBucket + "/" + entry.datasetId());
                }
                // another writer recorded this object meanwhile (0: putEntry): read again and decide again
                readAgain = conditionFailed(e.cancellationReasons().get(0));
            }
        }
        throw new IllegalStateException("Could not record " + entry.objectKey() + " of dataset " + entry.datasetId()
                + " after " + ATTEMPTS + " attempts: other writers keep changing it");
    }

    private TransactWriteItem putEntry(LedgerEntry entry, LedgerEntry old) {
        return TransactWriteItem.builder().put(p -> {
            p.tableName(objects).item(entry.item());
            if (old == null) {
                p.conditionExpression("attribute_not_exists(objectKey)");
            } else {
                // the processed mark as read too: the counters move it (a version that reached processed is replaced)
                Map<String, AttributeValue> values = new HashMap<>(Map.of(
                        ":seq", AttributeValue.fromS(old.sequencer()),
                        ":etag", AttributeValue.fromS(old.eTag()),
                        ":state", AttributeValue.fromS(old.state().name())));
                if (old.processed() != null) {
                    values.put(":processed", AttributeValue.fromS(old.processed().sourceSha256()));
                }
                p.conditionExpression("sequencer = :seq AND etag = :etag AND #state = :state AND "
                                + (old.processed() == null ? "attribute_not_exists(processedSha256)"
                                : "processedSha256 = :processed"))
                        .expressionAttributeNames(Map.of("#state", "state"))
                        .expressionAttributeValues(values);
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
        if (old != null && old.state() == LedgerEntry.State.COPIED) {
            sourceFiles--;
            sourceBytes -= old.sourceSize();
        }
        if (old != null && old.state() == LedgerEntry.State.REJECTED) {
            rejectedFiles--;
        }
        if (entry.state() == LedgerEntry.State.COPIED) {
            sourceFiles++;
            sourceBytes += entry.sourceSize();
        } else if (entry.state() == LedgerEntry.State.REJECTED) {
            rejectedFiles++;
        }
        // the new entry replaces the item, and with it the mark of a version that reached processed
        LedgerEntry.Processed processed = old == null ? null : old.processed();
        return datasets.countIngested(entry.datasetId(), originalFiles, originalBytes, sourceFiles, sourceBytes,
                rejectedFiles, processed == null ? 0 : -1, processed == null ? 0 : -processed.size());
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
