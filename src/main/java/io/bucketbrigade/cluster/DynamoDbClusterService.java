package io.bucketbrigade.cluster;

import java.util.concurrent.TimeUnit;

import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClient;
import com.amazonaws.services.dynamodbv2.AmazonDynamoDBLockClientOptions;
import org.apache.camel.support.cluster.AbstractCamelClusterService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Camel's cluster service on DynamoDB, through AWS's lock client: in each namespace (e.g. {@code jobs}) the
 * instance that holds the namespace's lock is the leader. The lock has a lease the holder renews by heartbeats;
 * when the leader dies, its lease runs out and another instance takes the lock. Routes consumed through
 * {@code master:<namespace>:…} run on the leader only.
 */
public class DynamoDbClusterService extends AbstractCamelClusterService<DynamoDbClusterView> {

    private final AmazonDynamoDBLockClient locks;
    private final String memberId;
    private final long leaseMillis;

    public DynamoDbClusterService(DynamoDbClient dynamoDb, String table, String memberId, long leaseMillis) {
        super("dynamodb-cluster");
        this.memberId = memberId;
        this.leaseMillis = leaseMillis;
        this.locks = new AmazonDynamoDBLockClient(AmazonDynamoDBLockClientOptions.builder(dynamoDb, table)
                .withOwnerName(memberId)
                .withLeaseDuration(leaseMillis)
                .withHeartbeatPeriod(Math.max(100, leaseMillis / 3))
                .withTimeUnit(TimeUnit.MILLISECONDS)
                .withCreateHeartbeatBackgroundThread(true)
                .build());
    }

    @Override
    protected DynamoDbClusterView createView(String namespace) {
        return new DynamoDbClusterView(this, namespace, locks, memberId, leaseMillis);
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        locks.close();
    }
}
