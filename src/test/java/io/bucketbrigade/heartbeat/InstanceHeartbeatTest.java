package io.bucketbrigade.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.bucketbrigade.support.BrigadeServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@BrigadeServerTest
class InstanceHeartbeatTest {

    @Autowired
    DynamoDbClient dynamoDb;
    @Autowired
    InstanceHeartbeat heartbeat;

    @Test
    void theHeartbeatRouteRecordsThisInstanceInTheInstancesTable() {
        Map<String, AttributeValue> key = Map.of("instanceId", AttributeValue.fromS(heartbeat.instanceId()));

        Map<String, AttributeValue> item = await().atMost(Duration.ofSeconds(30))
                .until(() -> dynamoDb.getItem(g -> g.tableName("instances-local").key(key)).item(),
                        found -> found != null && !found.isEmpty());

        assertThat(item.get("failedRouteFiles").n()).isEqualTo("0");
        Instant lastSeen = Instant.parse(item.get("lastSeen").s());
        long expiresAt = Long.parseLong(item.get("expiresAt").n());
        assertThat(expiresAt).isGreaterThan(lastSeen.getEpochSecond());
    }
}
