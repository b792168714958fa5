package io.bucketbrigade.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.amazonaws.services.dynamodbv2.AcquireLockOptions;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClientOptions;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import io.bucketbrigade.support.TcpProxy;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Leader election on a real DynamoDB Local: instances {@code a} and {@code b} share one locks table, {@code a}
 * reaching DynamoDB through a {@link TcpProxy} the test cuts. Whatever happens to a leader's lease (a cut longer
 * than a lease, a holder that died), the namespace gets exactly one leader again within a few leases and keeps it.
 */
class DynamoDbClusterServiceTest {

    static final long LEASE = 3000;
    static final String NAMESPACE = "watcher";

    final List<AutoCloseable> closing = new ArrayList<>();
    StackClients clients;
    String table;

    @BeforeEach
    void table() {
        clients = new StackClients(SharedLocalStack.get());
        table = "locks-clustertest-" + UUID.randomUUID();
        clients.dynamoDb().createTable(t -> t.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("key").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("key").keyType(KeyType.HASH)));
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                // the next one still closes
            }
        }
        clients.close();
    }

    /**
     * A DynamoDB client like production's, but whose retries wait out a cut of a few seconds (the SDK's default
     * for DynamoDB retries 8 times with a backoff growing to seconds): a heartbeat sent just before a cut is
     * answered only after it, later than the lease it was meant to renew.
     */
    DynamoDbClient dynamoDb(URI endpoint) {
        DynamoDbClient client = DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.builder(RetryMode.LEGACY).numRetries(400)
                        .retryCapacityCondition(null)
                        .backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(25)))
                        .throttlingBackoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(25)))
                        .build()))
                .build();
        closing.add(client);
        return client;
    }

    /** One instance: a cluster service in its own Camel context, and its view of the namespace. */
    record Instance(String id, CamelContext camel, CamelClusterView view, AtomicInteger losses) {
        boolean leads() {
            return view.getLocalMember().isLeader();
        }
    }

    Instance instance(String id, DynamoDbClient dynamoDb) throws Exception {
        DynamoDbClusterService service = new DynamoDbClusterService(dynamoDb, table, id, LEASE);
        CamelContext camel = new DefaultCamelContext();
        camel.addService(service, true, true);
        camel.start();
        closing.add(camel::stop);
        CamelClusterView view = service.getView(NAMESPACE);
        AtomicInteger losses = new AtomicInteger();
        view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> {
            if (leader == null || !leader.isLocal()) {
                losses.incrementAndGet();
            }
        });
        return new Instance(id, camel, view, losses);
    }

    /** Who the lock item in DynamoDB names as its owner. */
    Optional<String> ownerInTable() {
        Map<String, AttributeValue> item = clients.dynamoDb().getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of("key", AttributeValue.fromS(NAMESPACE)))).item();
        if (item == null || item.isEmpty() || item.containsKey("isReleased")) {
            return Optional.empty();
        }
        return Optional.of(item.get("ownerName").s());
    }

    /** Who leads, and the lock item as it is in the table. */
    String state(Instance... instances) {
        StringBuilder state = new StringBuilder();
        for (Instance instance : instances) {
            state.append(instance.id()).append(instance.leads() ? " leads, " : " follows, ");
        }
        Map<String, AttributeValue> item = clients.dynamoDb().getItem(g -> g.tableName(table).consistentRead(true)
                .key(Map.of("key", AttributeValue.fromS(NAMESPACE)))).item();
        return state.append("item: owner=").append(item.get("ownerName").s())
                .append(" rvn=").append(item.get("recordVersionNumber").s())
                .append(" released=").append(item.containsKey("isReleased")).toString();
    }

    static Optional<Instance> soleLeader(Instance... instances) {
        List<Instance> leaders = java.util.Arrays.stream(instances).filter(Instance::leads).toList();
        return leaders.size() == 1 ? Optional.of(leaders.get(0)) : Optional.empty();
    }

    /** Exactly one instance leads, the lock item names it, and that stays so for two leases. */
    void assertOneLeaderEmergesAndStays(Duration within, Instance... instances) {
        List<String> seen = new ArrayList<>();
        Instance leader;
        try {
            leader = await("one leader").atMost(within).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        String now = state(instances);
                        if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
                            seen.add(now); // the states that differed, e.g. a lock item renewed by nobody who leads
                        }
                        return soleLeader(instances).orElse(null);
                    }, l -> l != null && ownerInTable().equals(Optional.of(l.id())));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("No single leader within " + within + "; last states seen:\n  "
                    + String.join("\n  ", seen.subList(Math.max(0, seen.size() - 5), seen.size())), e);
        }
        await("the same leader for two leases").during(Duration.ofMillis(2 * LEASE))
                .atMost(Duration.ofMillis(3 * LEASE)).pollInterval(Duration.ofMillis(100))
                .until(() -> soleLeader(instances).equals(Optional.of(leader))
                        && ownerInTable().equals(Optional.of(leader.id())));
    }

    @Test
    void aCutLongerThanALeaseEndsWithExactlyOneLeader() throws Exception {
        // as in the chaos soak: every instance reaches DynamoDB through a proxy, and DynamoDB is cut away for all
        TcpProxy proxy = new TcpProxy("dynamodb", SharedLocalStack.get().ports().dynamodb());
        closing.add(proxy);
        URI throughProxy = URI.create("http://127.0.0.1:" + proxy.port());
        Instance a = instance("a", dynamoDb(throughProxy));
        await("a leads").atMost(Duration.ofMillis(3 * LEASE)).until(a::leads);
        Instance b = instance("b", dynamoDb(throughProxy));
        assertOneLeaderEmergesAndStays(Duration.ofMillis(LEASE), a, b);

        for (int round = 0; round < 3; round++) {
            // the leader's heartbeats cannot get through: its lease runs out and it steps down; DynamoDB comes
            // back right after, while a heartbeat it sent before the lease ran out is still being retried
            Instance leader = soleLeader(a, b).orElseThrow();
            int lost = leader.losses().get();
            proxy.cut();
            await(leader.id() + " steps down").atMost(Duration.ofMillis(3 * LEASE))
                    .pollInterval(Duration.ofMillis(10)).until(() -> leader.losses().get() > lost);
            proxy.restore();

            assertOneLeaderEmergesAndStays(Duration.ofMillis(4 * LEASE), a, b);
        }
    }

    @Test
    void aPartitionedLeaderStepsDownAndTheOtherTakesOver() throws Exception {
        TcpProxy proxy = new TcpProxy("dynamodb-a", SharedLocalStack.get().ports().dynamodb());
        closing.add(proxy);
        Instance a = instance("a", dynamoDb(URI.create("http://127.0.0.1:" + proxy.port())));
        await("a leads").atMost(Duration.ofMillis(3 * LEASE)).until(a::leads);
        Instance b = instance("b", dynamoDb(SharedLocalStack.get().dynamodb()));

        proxy.cut(); // for good: a is alive but cannot reach DynamoDB
        await("a steps down").atMost(Duration.ofMillis(2 * LEASE)).until(() -> !a.leads());
        await("b takes over within about two leases").atMost(Duration.ofMillis(3 * LEASE))
                .until(() -> b.leads() && ownerInTable().equals(Optional.of("b")));
        await("a never leads beside b").during(Duration.ofMillis(2 * LEASE)).atMost(Duration.ofMillis(3 * LEASE))
                .until(() -> !a.leads() && b.leads());
    }

    @Test
    void theLockOfAHolderThatDiedIsTakenOver() throws Exception {
        // a holder that was SIGKILLed: its lock item stays in the table, and nobody renews it any more
        AmazonDynamoDBLockClient dead = new AmazonDynamoDBLockClient(AmazonDynamoDBLockClientOptions
                .builder(clients.dynamoDb(), table).withOwnerName("dead").withLeaseDuration(LEASE)
                .withTimeUnit(TimeUnit.MILLISECONDS).withCreateHeartbeatBackgroundThread(false).build());
        dead.acquireLock(AcquireLockOptions.builder(NAMESPACE).withDeleteLockOnRelease(false).build());
        assertThat(ownerInTable()).contains("dead");

        Instance a = instance("a", dynamoDb(SharedLocalStack.get().dynamodb()));
        Instance b = instance("b", dynamoDb(SharedLocalStack.get().dynamodb()));
        assertThat(soleLeader(a, b)).as("nobody while the dead holder's lease runs").isEmpty();
        assertOneLeaderEmergesAndStays(Duration.ofMillis(3 * LEASE), a, b);
    }

    @Test
    void aLeaderThatStopsHandsOverAtOnce() throws Exception {
        Instance a = instance("a", dynamoDb(SharedLocalStack.get().dynamodb()));
        await("a leads").atMost(Duration.ofMillis(3 * LEASE)).until(a::leads);
        Instance b = instance("b", dynamoDb(SharedLocalStack.get().dynamodb()));
        assertOneLeaderEmergesAndStays(Duration.ofMillis(LEASE), a, b);

        a.camel().stop();
        await("b takes over in less than a lease").atMost(Duration.ofMillis(LEASE))
                .until(() -> b.leads() && ownerInTable().equals(Optional.of("b")));
    }
}
