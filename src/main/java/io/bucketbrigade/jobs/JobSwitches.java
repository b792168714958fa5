package io.bucketbrigade.jobs;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.config.InstanceIdentity;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Jobs switched on or off by an operator (API or JMX), kept in DynamoDB beside the cluster's leader locks (table
 * {@code locks-{env}}, key {@code job-switch:<name>}): every instance reads the same switch, and it outlives
 * restarts until an operator switches the job again.
 */
@Component
class JobSwitches {

    /** An operator's switch: on or off, by whom, when, on which instance. */
    record Switch(boolean on, String by, String at, String instance) {}

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String instance;
    private final Clock clock;

    @Autowired
    JobSwitches(DynamoDbClient dynamoDb, BrigadeProperties names, InstanceIdentity instance) {
        this(dynamoDb, names.tables().get("locks").name(), instance.id(), Clock.systemUTC());
    }

    JobSwitches(DynamoDbClient dynamoDb, String table, String instance, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.instance = instance;
        this.clock = clock;
    }

    /** The job's switch, if an operator set one. */
    Optional<Switch> get(String job) {
        Map<String, AttributeValue> item = dynamoDb.getItem(g -> g.tableName(table).consistentRead(true)
                .key(key(job))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Switch(item.get("on").bool(), item.get("by").s(), item.get("at").s(),
                item.get("instance").s()));
    }

    /** Records an operator's switch for every instance. */
    Switch set(String job, boolean on, String by) {
        Switch value = new Switch(on, by, clock.instant().toString(), instance);
        Map<String, AttributeValue> item = new HashMap<>(key(job));
        item.putAll(Map.of(
                "on", AttributeValue.fromBool(on),
                "by", AttributeValue.fromS(by),
                "at", AttributeValue.fromS(value.at()),
                "instance", AttributeValue.fromS(instance)));
        dynamoDb.putItem(p -> p.tableName(table).item(item));
        return value;
    }

    private static Map<String, AttributeValue> key(String job) {
        return Map.of("key", AttributeValue.fromS("job-switch:" + job));
    }
}
