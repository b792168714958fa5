package io.bucketbrigade.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.provision.Provisioner;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.RequestLog;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The ledger's write that starts from the caller's read, on DynamoDB Local: a read gone stale is read again. */
class ObjectLedgerTest {

    static final BrigadeProperties NAMES = new BrigadeProperties("brigade", "ledger-test",
            Map.of("source", "brigade-source-ledger-test"),
            Map.of("objects", new BrigadeProperties.Table("objects-ledger-test", "datasetId", "objectKey", null),
                    "experiments", new BrigadeProperties.Table("experiments-ledger-test", "experimentId", null, null),
                    "samples", new BrigadeProperties.Table("samples-ledger-test", "experimentId", null, null)),
            Map.of(), "brigade-ledger-test", Map.of());
    static StackClients clients;
    static DynamoDbClient dynamoDb;

    final DatasetRecords datasets = new DatasetRecords(dynamoDb, NAMES, Clock.systemUTC());
    final ObjectLedger ledger = new ObjectLedger(dynamoDb, datasets, NAMES, Clock.systemUTC());
    final String dataset = "ledger-" + UUID.randomUUID();

    /** The tables as the server provisions them. */
    @BeforeAll
    static void tables() {
        LocalStackProcess stack = SharedLocalStack.get();
        clients = new StackClients(stack);
        dynamoDb = clients.dynamoDb();
        try (MongoClient mongo = MongoClients.create(stack.mongodb())) {
            new Provisioner(NAMES, clients.s3(), dynamoDb, clients.sqs(), mongo).provision();
        }
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @Test
    void aReadThatFoundNothingRecordsANewObjectOnce() {
        assertThat(ledger.record(copied("a.bin", "0100", "etag-1"), Optional.empty())).isTrue();

        assertThat(ledger.find(dataset, "a.bin").orElseThrow().eTag()).isEqualTo("etag-1");
        assertThat(counter("originalFiles")).isEqualTo(1);
        assertThat(counter("sourceFiles")).isEqualTo(1);
    }

    @Test
    void theFirstObjectOfADatasetCreatesTheDatasetsItemWithoutReadingTheLedgerAgain() {
        RequestLog requests = new RequestLog();
        try (StackClients counted = new StackClients(SharedLocalStack.get(), requests)) {
            ObjectLedger countedLedger = new ObjectLedger(counted.dynamoDb(),
                    new DatasetRecords(counted.dynamoDb(), NAMES, Clock.systemUTC()), NAMES, Clock.systemUTC());

            assertThat(countedLedger.record(copied("first.bin", "0100", "etag-1"), Optional.empty())).isTrue();

            assertThat(requests.operations()).as("refused for want of the dataset's item, which is created; the"
                    + " entry as read still holds").containsExactly("TransactWriteItems", "PutItem",
                            "TransactWriteItems");
        }
        assertThat(counter("originalFiles")).isEqualTo(1);
    }

    @Test
    void aReadGoneStaleIsReadAgainAndTheSameVersionIsNotCountedTwice() {
        ledger.record(copied("b.bin", "0100", "etag-1"));

        // the caller read the ledger before another instance recorded the same version
        assertThat(ledger.record(copied("b.bin", "0100", "etag-1"), Optional.empty())).isFalse();

        assertThat(counter("originalFiles")).isEqualTo(1);
        assertThat(counter("sourceFiles")).isEqualTo(1);
    }

    @Test
    void aReadGoneStaleNeverLetsAnOlderVersionReplaceANewerOne() {
        ledger.record(copied("c.bin", "0200", "etag-new"));

        assertThat(ledger.record(copied("c.bin", "0100", "etag-old"), Optional.empty())).isFalse();

        assertThat(ledger.find(dataset, "c.bin").orElseThrow().eTag()).isEqualTo("etag-new");
        assertThat(counter("originalFiles")).isEqualTo(1);
    }

    @Test
    void processedIsCountedOnceFromTheEntryAsRead() {
        ledger.record(copied("p.bin", "0100", "etag-1"));
        LedgerEntry read = ledger.find(dataset, "p.bin").orElseThrow();

        assertThat(ledger.recordProcessed(read, "s3://processed/p.bin", 12)).isTrue();
        // the same read once more (a redelivered request): the mark is found on reading again, nothing is counted
        assertThat(ledger.recordProcessed(read, "s3://processed/p.bin", 12)).isFalse();

        assertThat(ledger.find(dataset, "p.bin").orElseThrow().processed())
                .isEqualTo(new LedgerEntry.Processed("sha-etag-1", 12));
        assertThat(counter("processedFiles")).isEqualTo(1);
        assertThat(counter("processedBytes")).isEqualTo(12);
    }

    @Test
    void processedIsMarkedFromTheEntryAsReadWithoutReadingItAgain() {
        ledger.record(copied("r.bin", "0100", "etag-1"));
        LedgerEntry read = ledger.find(dataset, "r.bin").orElseThrow();
        RequestLog requests = new RequestLog();
        try (StackClients counted = new StackClients(SharedLocalStack.get(), requests)) {
            ObjectLedger countedLedger = new ObjectLedger(counted.dynamoDb(), datasets, NAMES, Clock.systemUTC());

            assertThat(countedLedger.recordProcessed(read, "s3://processed/r.bin", 12)).isTrue();

            assertThat(requests.operations()).as("one transaction, no read").containsExactly("TransactWriteItems");
        }
        assertThat(counter("processedFiles")).isEqualTo(1);
    }

    @Test
    void aNewVersionOfAProcessedObjectTakesTheOldCopyOutOfTheProcessedCounters() {
        ledger.record(copied("q.bin", "0100", "etag-1"));
        LedgerEntry readBeforeProcessed = ledger.find(dataset, "q.bin").orElseThrow();
        ledger.recordProcessed(ledger.find(dataset, "q.bin").orElseThrow(), "s3://processed/q.bin", 12);

        // the ingest of the next version read the ledger before the mark: its write is refused and read again
        assertThat(ledger.record(copied("q.bin", "0200", "etag-2"), Optional.of(readBeforeProcessed))).isTrue();

        assertThat(ledger.find(dataset, "q.bin").orElseThrow().processed()).isNull();
        assertThat(counter("processedFiles")).isZero();
        assertThat(counter("processedBytes")).isZero();
        assertThat(counter("sourceFiles")).isEqualTo(1);

        assertThat(ledger.recordProcessed(ledger.find(dataset, "q.bin").orElseThrow(), "s3://processed/q.bin", 20))
                .isTrue();
        assertThat(counter("processedFiles")).as("one object in processed, not two").isEqualTo(1);
        assertThat(counter("processedBytes")).isEqualTo(20);
    }

    @Test
    void theMarksOfAReceiveAreOneTransactionAndEachDatasetIsCountedByTheSum() {
        String other = dataset + "-b";
        ledger.record(copied("a1.bin", "0100", "a1"));
        ledger.record(copied("a2.bin", "0100", "a2"));
        ledger.record(copied(other, "b1.bin", "0100", "b1"));
        long changeVersion = counter("changeVersion");

        ledger.recordProcessedAll(List.of(mark(dataset, "a1.bin", 11), mark(dataset, "a2.bin", 12),
                mark(other, "b1.bin", 13)));

        assertThat(counter("processedFiles")).isEqualTo(2);
        assertThat(counter("processedBytes")).isEqualTo(23);
        assertThat(counter("changeVersion")).as("moved once for the receive").isEqualTo(changeVersion + 1);
        assertThat(counter(other, "processedFiles")).isEqualTo(1);
        assertThat(counter(other, "processedBytes")).isEqualTo(13);
        assertThat(ledger.find(dataset, "a2.bin").orElseThrow().processed())
                .isEqualTo(new LedgerEntry.Processed("sha-a2", 12));
    }

    @Test
    void aMarkReadBeforeAnotherWriterMarkedItIsWrittenOnItsOwnAndNotCountedTwice() {
        ledger.record(copied("s1.bin", "0100", "s1"));
        ledger.record(copied("s2.bin", "0100", "s2"));
        ObjectLedger.ProcessedMark stale = mark(dataset, "s1.bin", 5);
        ledger.recordProcessed(ledger.find(dataset, "s1.bin").orElseThrow(), "s3://processed/s1.bin", 5);

        ledger.recordProcessedAll(List.of(stale, mark(dataset, "s2.bin", 7)));

        assertThat(counter("processedFiles")).isEqualTo(2);
        assertThat(counter("processedBytes")).isEqualTo(12);
    }

    private ObjectLedger.ProcessedMark mark(String datasetId, String key, long size) {
        return new ObjectLedger.ProcessedMark(ledger.find(datasetId, key).orElseThrow(), "s3://processed/" + key,
                size);
    }

    private LedgerEntry copied(String key, String sequencer, String eTag) {
        return copied(dataset, key, sequencer, eTag);
    }

    private LedgerEntry copied(String datasetId, String key, String sequencer, String eTag) {
        return new LedgerEntry(datasetId, key, "brigade-original-ledger-test", eTag, sequencer, 10,
                LedgerEntry.State.COPIED, "generic", "file", null, "sha-" + eTag, "md5-" + eTag,
                "brigade-source-ledger-test", datasetId + "/" + key,
                "sha-" + eTag, 10, null, null, "upload-" + eTag, Instant.now());
    }

    /** A counter as stored in the dataset's item. */
    private long counter(String name) {
        return counter(dataset, name);
    }

    private long counter(String datasetId, String name) {
        return Long.parseLong(dynamoDb.getItem(g -> g.tableName(NAMES.tables().get("experiments").name())
                .key(Map.of("experimentId", AttributeValue.fromS(datasetId)))).item().get(name).n());
    }
}
