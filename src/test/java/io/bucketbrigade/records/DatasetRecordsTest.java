package io.bucketbrigade.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.bucketbrigade.provision.Provisioner;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Dataset records on DynamoDB Local: each typed write reads back as the record says, and lands on the wire as the
 * item's attributes always were (names and values Cellenics and operators read).
 */
class DatasetRecordsTest {

    static StackClients clients;
    static DynamoDbClient dynamoDb;

    final DatasetRecords datasets = new DatasetRecords(dynamoDb, ObjectLedgerTest.NAMES, Clock.systemUTC());
    final ObjectLedger ledger = new ObjectLedger(dynamoDb, datasets, ObjectLedgerTest.NAMES, Clock.systemUTC());
    final String dataset = "records-" + UUID.randomUUID();

    @BeforeAll
    static void tables() {
        LocalStackProcess stack = SharedLocalStack.get();
        clients = new StackClients(stack);
        dynamoDb = clients.dynamoDb();
        try (MongoClient mongo = MongoClients.create(stack.mongodb())) {
            new Provisioner(ObjectLedgerTest.NAMES, clients.s3(), dynamoDb, clients.sqs(), mongo).provision();
        }
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    /** The dataset's first object: its item is created and counted. */
    @BeforeEach
    void firstObject() {
        ledger.record(new LedgerEntry(dataset, dataset + "/a.bin", "brigade-original-ledger-test", "etag-1", "0100",
                10, LedgerEntry.State.COPIED, "generic", "file", null, "sha-1", "md5-1", "brigade-source-ledger-test",
                dataset + "/a.bin", "sha-1", 10, null, null, "upload-1", Instant.now()));
    }

    @Test
    void severalRecordsAreReadInOneGo() {
        Map<String, DatasetRecord> found = datasets.findAll(List.of(dataset, "no-such-" + dataset, dataset));

        assertThat(found).containsOnlyKeys(dataset);
        assertThat(found.get(dataset).counts().originalFiles()).isEqualTo(1);
    }

    @Test
    void aNewDatasetIsReceivedIngestedAndCounted() {
        DatasetRecord record = datasets.find(dataset).orElseThrow();

        assertThat(record.name()).isEqualTo(dataset);
        assertThat(record.profile()).isEqualTo("generic");
        assertThat(record.meta()).containsExactly(Map.entry("type", "generic"));
        assertThat(record.location()).isEqualTo("s3://brigade-source-ledger-test/" + dataset);
        assertThat(record.status().original()).isEqualTo(DatasetRecord.OriginalStatus.RECEIVED);
        assertThat(record.status().source()).isEqualTo(DatasetRecord.SourceStatus.INGESTED);
        assertThat(record.counts().originalFiles()).isEqualTo(1);
        assertThat(record.counts().sourceBytes()).isEqualTo(10);
        assertThat(record.changeVersion()).isEqualTo(1);
        assertThat(record.checked()).isFalse();
        assertThat(item().get("status").m()).isEqualTo(Map.of("original", AttributeValue.fromS("RECEIVED"),
                "source", AttributeValue.fromS("INGESTED")));
    }

    @Test
    void aVerdictIsRecordedOnceAndOnlyOverAnOlderOne() {
        assertThat(datasets.recordVerdict(dataset, 1, MetadataStatus.INVALID, List.of("bad"), Map.of("cells", 2),
                "sha-v1", null)).isTrue();
        assertThat(datasets.recordVerdict(dataset, 1, MetadataStatus.VALID, List.of(), Map.of(), "sha-v1b", null))
                .as("same version again").isFalse();

        DatasetRecord record = datasets.find(dataset).orElseThrow();
        assertThat(record.status().processed()).isEqualTo(MetadataStatus.INVALID);
        assertThat(record.checkedVersion()).isEqualTo(1);
        assertThat(record.checkedIsCurrent()).isTrue();
        assertThat(record.checks()).containsExactly("bad");
        assertThat(record.summary()).containsEntry("cells", 2L);
        assertThat(record.verdictSha256()).isEqualTo("sha-v1");
        assertThat(item().get("status").m().get("processed").s()).isEqualTo("Invalid");
    }

    @Test
    void thePromotionGateAskedIsRecordedForTheLatestVersionOnly() {
        datasets.recordVerdict(dataset, 1, MetadataStatus.VALID, List.of(), Map.of(), "sha-v1", null);
        assertThat(datasets.find(dataset).orElseThrow().promotionRequested()).isFalse();

        datasets.promotionRequested(dataset, 1);
        datasets.promotionRequested(dataset, 0); // an older one never replaces it

        assertThat(datasets.find(dataset).orElseThrow().promotionRequestedVersion()).isEqualTo(1);
        assertThat(datasets.find(dataset).orElseThrow().promotionRequested()).isTrue();
    }

    @Test
    void productionStatusesAndAPublication() {
        datasets.production(dataset, ProductionStatus.held("the dataset is Invalid"));
        assertThat(item().get("status").m().get("production").s()).isEqualTo("HELD: the dataset is Invalid");
        assertThat(datasets.find(dataset).orElseThrow().status().production())
                .isEqualTo(ProductionStatus.held("the dataset is Invalid"));

        datasets.published(dataset, 1, "2026-12-01T10:00:00Z", 3, 30);

        DatasetRecord record = datasets.find(dataset).orElseThrow();
        assertThat(record.status().production()).isEqualTo(ProductionStatus.PUBLISHED);
        assertThat(record.publishedVersion()).isEqualTo(1);
        assertThat(record.publishedAt()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(record.counts().productionFiles()).isEqualTo(3);
        assertThat(record.counts().productionBytes()).isEqualTo(30);
        assertThat(item().get("publishedVersion").n()).isEqualTo("1");
    }

    @Test
    void aNewerVersionReplacesThePublishedOneAndAnOlderOneDoesNot() {
        datasets.published(dataset, 1, "2026-12-01T10:00:00Z", 3, 30);
        datasets.published(dataset, 2, "2026-12-01T11:00:00Z", 16, 160);
        datasets.production(dataset, ProductionStatus.held("a tampered output"));
        datasets.published(dataset, 1, "2026-12-01T12:00:00Z", 3, 30); // a late repeat of version 1
        datasets.production(dataset, ProductionStatus.PUBLISHED); // the hold ends, version 2 as it was

        DatasetRecord record = datasets.find(dataset).orElseThrow();
        assertThat(record.status().production()).isEqualTo(ProductionStatus.PUBLISHED);
        assertThat(record.publishedVersion()).isEqualTo(2);
        assertThat(record.publishedAt()).isEqualTo("2026-12-01T11:00:00Z");
        assertThat(record.counts().productionFiles()).isEqualTo(16);
        assertThat(record.counts().productionBytes()).isEqualTo(160);
    }

    @Test
    void anApprovalIsStoredAsTheMapItAlwaysWas() {
        datasets.recordApproval(dataset, new Approval(Approval.Decision.APPROVED, "ann", "2026-12-01T10:00:00Z",
                null, 4));

        assertThat(datasets.find(dataset).orElseThrow().approval()).isEqualTo(new Approval(
                Approval.Decision.APPROVED, "ann", "2026-12-01T10:00:00Z", null, 4));
        assertThat(item().get("approval").m()).isEqualTo(Map.of("decision", AttributeValue.fromS("approved"),
                "by", AttributeValue.fromS("ann"), "at", AttributeValue.fromS("2026-12-01T10:00:00Z"),
                "version", AttributeValue.fromN("4")));
    }

    @Test
    void tamperedOutputsAreHeldAndReleased() {
        datasets.holdTampered(dataset, dataset + "/x.csv", "overwritten");
        datasets.holdTampered(dataset, dataset + "/y.csv", "overwritten too");
        assertThat(datasets.tampered(dataset)).containsOnlyKeys(dataset + "/x.csv", dataset + "/y.csv");

        datasets.releaseTampered(dataset, dataset + "/x.csv");
        assertThat(datasets.find(dataset).orElseThrow().tampered()).containsOnlyKeys(dataset + "/y.csv");

        datasets.releaseTampered(dataset, null);
        assertThat(datasets.tampered(dataset)).isEmpty();
    }

    @Test
    void datasetsWithAVerdictAreFoundByIt() {
        datasets.recordVerdict(dataset, 1, MetadataStatus.MISSING, List.of("none"), Map.of(), "sha-v1", null);

        assertThat(datasets.withVerdict(MetadataStatus.MISSING)).contains(dataset);
        assertThat(datasets.withVerdict(MetadataStatus.VALID)).doesNotContain(dataset);
    }

    @Test
    void aStoredItemReadsBackAsTheSameItem() {
        datasets.recordVerdict(dataset, 1, MetadataStatus.VALID, List.of(), Map.of("cells", 2), "sha-v1", null);
        datasets.promotionRequested(dataset, 1);
        datasets.published(dataset, 1, "2026-12-01T10:00:00Z", 1, 10);

        Map<String, AttributeValue> item = item();
        assertThat(DatasetRecord.from(item).item()).isEqualTo(withoutZeroCounters(item));
    }

    /** The ledger's ADD leaves counters at 0 on the wire; the record writes a 0 as absent (ADD treats both alike). */
    private static Map<String, AttributeValue> withoutZeroCounters(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> kept = new java.util.HashMap<>(item);
        kept.values().removeIf(v -> "0".equals(v.n()));
        return kept;
    }

    private Map<String, AttributeValue> item() {
        return dynamoDb.getItem(g -> g.tableName(ObjectLedgerTest.NAMES.tables().get("experiments").name())
                .consistentRead(true).key(Map.of("experimentId", AttributeValue.fromS(dataset)))).item();
    }
}
