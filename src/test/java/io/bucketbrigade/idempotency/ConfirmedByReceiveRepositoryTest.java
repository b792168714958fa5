package io.bucketbrigade.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.bucketbrigade.support.ManualClock;
import io.bucketbrigade.support.RequestLog;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The claims of a whole receive taken together, on DynamoDB Local: one transaction when every key is free, none
 * when one is not (each is then claimed on its own), taken by the receive's own thread only, and released when no
 * message took them.
 */
class ConfirmedByReceiveRepositoryTest {

    static final String TABLE = "receive-claims-test";
    static final Duration LEASE = Duration.ofMinutes(5);
    static final RequestLog requests = new RequestLog();
    static StackClients clients;
    static DynamoDbClient dynamoDb;

    final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final ConfirmedByReceiveRepository claims = repository("instance-one");
    final ConfirmedByReceiveRepository elsewhere = repository("instance-two");
    final String run = UUID.randomUUID().toString();
    final List<String> keys = IntStream.range(0, 10).mapToObj(i -> "s3://orig/" + run + "/f" + i + "#etag@seq")
            .toList();

    @BeforeAll
    static void table() {
        clients = new StackClients(SharedLocalStack.get(), requests);
        dynamoDb = clients.dynamoDb();
        DynamoDbIdempotentRepositoryTest.createKeyTable(dynamoDb, TABLE);
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    ConfirmedByReceiveRepository repository(String owner) {
        return new ConfirmedByReceiveRepository(dynamoDb, TABLE, owner, LEASE, Duration.ofDays(30), Duration.ZERO,
                clock);
    }

    @Test
    void aReceiveWhoseKeysAreAllFreeClaimsThemInOneTransactionAndItsMessagesTakeThemWithoutARequest() {
        requests.clear();
        assertThat(claims.claimReceive(keys)).isEqualTo(10);
        assertThat(requests.operations()).containsExactly("TransactWriteItems");
        keys.forEach(key -> assertThat(item(key)).containsEntry("state", AttributeValue.fromS("IN_PROGRESS"))
                .containsEntry("owner", AttributeValue.fromS("instance-one")));

        requests.clear();
        keys.forEach(key -> assertThat(claims.add(key)).isTrue());
        assertThat(requests.operations()).as("taken as claimed").isEmpty();
        assertThatThrownBy(() -> elsewhere.add(keys.get(0))).as("held for the receive")
                .isInstanceOf(ObjectBusyException.class);
    }

    @Test
    void aReceiveWithOneKeyDoneOrHeldElsewhereClaimsNoneTogetherAndEachIsClaimedOnItsOwn() {
        assertThat(elsewhere.add(keys.get(3))).isTrue();
        elsewhere.confirmAll(List.of(keys.get(3)));
        assertThat(elsewhere.add(keys.get(7))).as("held elsewhere").isTrue();

        assertThat(claims.claimReceive(keys)).isZero();

        assertThat(item(keys.get(0))).as("none claimed by the refused transaction").isEmpty();
        assertThat(claims.add(keys.get(0))).isTrue();
        assertThat(claims.add(keys.get(3))).as("done").isFalse();
        assertThatThrownBy(() -> claims.add(keys.get(7))).isInstanceOf(ObjectBusyException.class);
    }

    @Test
    void aKeyClaimedForAReceiveIsNotTakenByAnotherConsumerThreadOfTheSameInstance() throws Exception {
        assertThat(claims.claimReceive(keys)).isEqualTo(10);

        CompletableFuture<Boolean> otherThread = CompletableFuture.supplyAsync(() -> claims.add(keys.get(0)));

        assertThatThrownBy(() -> otherThread.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(ObjectBusyException.class);
        assertThat(claims.add(keys.get(0))).as("still the receive's").isTrue();
    }

    @Test
    void theKeysThatNoMessageTookAreReleasedForTheirMessagesToReturnTo() {
        assertThat(claims.claimReceive(keys)).isEqualTo(10);
        assertThat(claims.add(keys.get(0))).isTrue();

        claims.releaseUntaken();

        assertThat(item(keys.get(0))).as("taken: still claimed").containsEntry("state",
                AttributeValue.fromS("IN_PROGRESS"));
        keys.subList(1, 10).forEach(key -> assertThat(item(key)).as(key).isEmpty());
        assertThat(elsewhere.add(keys.get(1))).isTrue();
    }

    @Test
    void aLaterReceiveOfTheSameThreadReleasesWhatAnEarlierOneLeftUntaken() {
        assertThat(claims.claimReceive(keys.subList(0, 5))).isEqualTo(5);

        assertThat(claims.claimReceive(keys.subList(5, 10))).isEqualTo(5);

        keys.subList(0, 5).forEach(key -> assertThat(item(key)).as(key).isEmpty());
        assertThat(claims.add(keys.get(5))).isTrue();
    }

    @Test
    void aKeyTakenAfterHalfItsLeaseHasItsLeaseRenewed() {
        assertThat(claims.claimReceive(keys)).isEqualTo(10);
        clock.advance(LEASE.dividedBy(2).plusSeconds(1));

        assertThat(claims.add(keys.get(9))).isTrue();

        assertThat(Long.parseLong(item(keys.get(9)).get("leaseUntil").n()))
                .isEqualTo(clock.instant().plus(LEASE).toEpochMilli());
    }

    @Test
    void oneKeyIsClaimedOnItsOwn() {
        assertThat(claims.claimReceive(keys.subList(0, 1))).isZero();
        assertThat(claims.claimReceive(List.of(keys.get(0), keys.get(0)))).as("the same key twice is one").isZero();

        assertThat(item(keys.get(0))).isEmpty();
    }

    private Map<String, AttributeValue> item(String key) {
        return dynamoDb.getItem(g -> g.tableName(TABLE).consistentRead(true)
                .key(Map.of("id", AttributeValue.fromS(key)))).item();
    }
}
