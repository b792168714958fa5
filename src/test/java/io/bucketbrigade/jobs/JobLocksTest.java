package io.bucketbrigade.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.idempotency.DynamoDbIdempotentRepository;
import io.bucketbrigade.idempotency.ObjectBusyException;
import io.bucketbrigade.support.BrigadeServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Job locks with a short lease (2 s here, a minute by default): a running job renews its lock, so a job that runs
 * longer than a lease is not started a second time by anyone; the lock an instance left when it died is free once
 * its lease has run out.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=joblocks", "brigade.jobs.lease=2s"})
class JobLocksTest {

    static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** A job that runs until the test lets it finish. */
    @TestConfiguration
    static class HoldingJob {
        @Bean
        Job holdJob() {
            return new Job() {
                @Override
                public String name() {
                    return "hold";
                }

                @Override
                public String description() {
                    return "Runs until the test releases it";
                }

                @Override
                public void run(JobRun run) throws Exception {
                    assertThat(RELEASE.await(60, TimeUnit.SECONDS)).isTrue();
                }
            };
        }
    }

    /** A job that steps until it is stopped (or a minute has passed). */
    @TestConfiguration
    static class SteppingJob {
        @Bean
        Job stepJob() {
            return new Job() {
                @Override
                public String name() {
                    return "step";
                }

                @Override
                public String description() {
                    return "Takes a step every 50 ms";
                }

                @Override
                public void run(JobRun run) throws Exception {
                    CountDownLatch never = new CountDownLatch(1);
                    for (int i = 0; i < 1200; i++) {
                        run.step();
                        never.await(50, TimeUnit.MILLISECONDS); // the pace of a job's pages
                    }
                }
            };
        }
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    Jobs jobs;
    @Autowired
    DynamoDbClient dynamoDb;
    @Autowired
    BrigadeProperties names;

    /** The same table, as another instance sees it. */
    DynamoDbIdempotentRepository instance(String id) {
        return new DynamoDbIdempotentRepository(dynamoDb, names.tables().get("idempotency").name(), id,
                Duration.ofSeconds(2), Duration.ofDays(1), Duration.ZERO, Clock.systemUTC());
    }

    long leaseUntil(String key) {
        return Long.parseLong(dynamoDb.getItem(g -> g.tableName(names.tables().get("idempotency").name())
                .consistentRead(true).key(Map.of("id", AttributeValue.fromS(key)))).item().get("leaseUntil").n());
    }

    @Test
    void aJobRunningLongerThanItsLeaseIsNotStartedTwice() {
        JobRun run = jobs.start("hold", "test", false, Map.of());
        try {
            long firstLeaseEnd = leaseUntil("job:hold");
            await().atMost(Duration.ofSeconds(10)).until(() -> System.currentTimeMillis() > firstLeaseEnd + 1000);

            assertThat(run.state()).isEqualTo("RUNNING");
            assertThat(leaseUntil("job:hold")).as("renewed while it runs").isGreaterThan(firstLeaseEnd);
            assertThatThrownBy(() -> instance("instance-two").add("job:hold"))
                    .isInstanceOf(ObjectBusyException.class);
            ResponseEntity<String> again = http.postForEntity("/api/jobs/hold", Map.of(), String.class);
            assertThat(again.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(again.getBody()).contains("Job 'hold' is running already");
        } finally {
            RELEASE.countDown();
        }
        await().atMost(Duration.ofSeconds(10)).until(run::state, "SUCCEEDED"::equals);
        DynamoDbIdempotentRepository two = instance("instance-two");
        assertThat(two.add("job:hold")).as("free once the run ended").isTrue();
        two.remove("job:hold");
    }

    @Test
    void aRunThatLostItsLockStopsAtItsNextStep() {
        JobRun run = jobs.start("step", "test", false, Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> run.view().get("done") instanceof Number n
                && n.longValue() > 2);

        // what another instance leaves once it took the lock over (this one's renewals having failed meanwhile)
        dynamoDb.updateItem(u -> u.tableName(names.tables().get("idempotency").name())
                .key(Map.of("id", AttributeValue.fromS("job:step")))
                .updateExpression("SET #owner = :other").expressionAttributeNames(Map.of("#owner", "owner"))
                .expressionAttributeValues(Map.of(":other", AttributeValue.fromS("instance-two"))));

        await().atMost(Duration.ofSeconds(10)).until(run::state, "FAILED"::equals);
        assertThat(run.view().toString()).contains("the job lost its lock");
    }

    @Test
    void theLockOfAnInstanceThatDiedIsTakenOnceItsLeaseRanOut() {
        instance("instance-that-died").add("job:verify"); // and never renewed nor released

        ResponseEntity<String> refused = http.postForEntity("/api/jobs/verify", Map.of("deep", "false"),
                String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).contains("is being processed by instance-that-died");

        ResponseEntity<JsonNode> ran = await().atMost(Duration.ofSeconds(10)).until(() -> http.postForEntity(
                "/api/jobs/verify", Map.of("deep", "false"), JsonNode.class), r -> r.getStatusCode().is2xxSuccessful());
        assertThat(ran.getBody().get("state").asText()).isEqualTo("SUCCEEDED");
    }
}
