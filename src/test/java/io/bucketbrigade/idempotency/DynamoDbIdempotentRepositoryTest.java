package io.bucketbrigade.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import io.bucketbrigade.support.ManualClock;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Camel's IdempotentRepository contract on DynamoDB Local, with two instances sharing the table. */
class DynamoDbIdempotentRepositoryTest {

    static final String TABLE = "idempotency-repository-test";
    static StackClients clients;
    static DynamoDbClient dynamoDb;

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final DynamoDbIdempotentRepository one = repository("instance-one", Duration.ZERO);
    final DynamoDbIdempotentRepository two = repository("instance-two", Duration.ZERO);
    final String key = "s3://orig/a/" + UUID.randomUUID() + "#etag@seq";

    @BeforeAll
    static void table() {
        clients = new StackClients(SharedLocalStack.get());
        dynamoDb = clients.dynamoDb();
        createKeyTable(dynamoDb, TABLE);
    }

    /** A table as the idempotency table is provisioned: keys by {@code id}, on demand. */
    static void createKeyTable(DynamoDbClient dynamoDb, String table) {
        dynamoDb.createTable(t -> t.tableName(table)
                .attributeDefinitions(a -> a.attributeName("id").attributeType("S"))
                .keySchema(k -> k.attributeName("id").keyType("HASH"))
                .billingMode("PAY_PER_REQUEST"));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    DynamoDbIdempotentRepository repository(String owner, Duration busyWait) {
        return new DynamoDbIdempotentRepository(dynamoDb, TABLE, owner, Duration.ofMinutes(5), Duration.ofDays(30),
                busyWait, clock);
    }

    @Test
    void aConfirmedKeyIsADuplicateForEveryInstance() {
        assertThat(one.add(key)).isTrue();
        assertThat(one.confirm(key)).isTrue();

        assertThat(one.add(key)).isFalse();
        assertThat(two.add(key)).isFalse();
        assertThat(two.contains(key)).isTrue();
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(TABLE)
                .key(Map.of("id", AttributeValue.fromS(key)))).item();
        assertThat(item.get("state").s()).isEqualTo("DONE");
        assertThat(Long.parseLong(item.get("expiresAt").n()))
                .isEqualTo(clock.instant().plus(Duration.ofDays(30)).getEpochSecond());
    }

    @Test
    void confirmingManyTogetherMarksEachDoneForEveryInstance() {
        ConfirmedByReceiveRepository byReceive = new ConfirmedByReceiveRepository(dynamoDb, TABLE, "instance-one",
                Duration.ofMinutes(5), Duration.ofDays(30), Duration.ZERO, clock);
        List<String> keys = IntStream.range(0, 30).mapToObj(i -> key + "/" + i).toList();
        keys.forEach(k -> assertThat(byReceive.add(k)).isTrue());
        keys.forEach(k -> assertThat(byReceive.confirm(k)).as("left for the receive to confirm").isTrue());
        assertThat(keys).noneMatch(two::done);

        byReceive.confirmAll(keys);

        assertThat(keys).allMatch(two::done);
        assertThat(keys).noneMatch(two::add);
    }

    @Test
    void aKeyInProgressElsewhereIsNotADuplicateButBusy() {
        assertThat(one.add(key)).isTrue();

        assertThatThrownBy(() -> two.add(key)).isInstanceOf(ObjectBusyException.class)
                .hasMessageContaining("is being processed by instance-one");
        assertThat(two.contains(key)).isTrue();
    }

    @Test
    void aKeyWhoseHolderDiedIsTakenOverWhenItsLeaseEnds() {
        assertThat(one.add(key)).isTrue();

        clock.advance(Duration.ofMinutes(6));

        assertThat(two.contains(key)).isFalse();
        assertThat(two.add(key)).isTrue();
        assertThat(one.remove(key)).as("the old holder no longer owns it").isFalse();
        assertThat(two.confirm(key)).isTrue();
        assertThat(one.add(key)).isFalse();
    }

    @Test
    void aHolderThatRenewsKeepsItsKeyPastTheFirstLeaseAndLosesItOnceTakenOver() {
        assertThat(one.add(key)).isTrue();

        clock.advance(Duration.ofMinutes(4));
        assertThat(one.renew(key)).isTrue();
        clock.advance(Duration.ofMinutes(4)); // past the first lease, within the renewed one
        assertThatThrownBy(() -> two.add(key)).isInstanceOf(ObjectBusyException.class);
        assertThat(two.renew(key)).as("not its key").isFalse();

        clock.advance(Duration.ofMinutes(2));
        assertThat(two.add(key)).as("the renewed lease ran out").isTrue();
        assertThat(one.renew(key)).as("taken over").isFalse();
    }

    @Test
    void aFailedAttemptReleasesTheKeyForAnotherTry() {
        assertThat(one.add(key)).isTrue();

        assertThat(one.remove(key)).isTrue();

        assertThat(one.contains(key)).isFalse();
        assertThat(two.add(key)).isTrue();
    }

    @Test
    void anotherConsumerOfTheSameInstanceWaitsToo() {
        assertThat(one.add(key)).isTrue();

        assertThatThrownBy(() -> one.add(key)).isInstanceOf(ObjectBusyException.class);
    }

    @Test
    void aConsumerWaitingForAnotherGetsADuplicateOnceItIsDone() throws Exception {
        DynamoDbIdempotentRepository patient = new DynamoDbIdempotentRepository(dynamoDb, TABLE, "instance-three",
                Duration.ofMinutes(5), Duration.ofDays(30), Duration.ofSeconds(30), clock);
        assertThat(one.add(key)).isTrue();
        java.util.concurrent.CompletableFuture<Boolean> waiting =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> patient.add(key));

        one.confirm(key);

        assertThat(waiting.get(30, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void clearForgetsEveryKey() {
        one.add(key);
        one.confirm(key);

        one.clear();

        assertThat(two.contains(key)).isFalse();
    }
}
