package io.bucketbrigade.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.mongodb.client.MongoClient;
import io.bucketbrigade.config.BrigadeProperties;
import org.bson.Document;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One health indicator per service the server depends on ({@code s3}, {@code dynamodb}, {@code sqs},
 * {@code mongodb}). Each checks that every configured bucket, table, queue or the database answers, so that
 * {@code /actuator/health} is UP only when the server can do its work. (MongoDB's time limit is the connection
 * string's {@code serverSelectionTimeoutMS}.)
 */
@Configuration(proxyBeanMethods = false)
class StackHealthIndicators {

    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final Consumer<AwsRequestOverrideConfiguration.Builder> QUICK =
            c -> c.apiCallTimeout(TIMEOUT);

    @Bean("s3")
    HealthIndicator s3Health(S3Client s3, BrigadeProperties names) {
        return () -> check("buckets", names.buckets().values(),
                bucket -> s3.headBucket(b -> b.bucket(bucket).overrideConfiguration(QUICK)));
    }

    @Bean("dynamodb")
    HealthIndicator dynamoDbHealth(DynamoDbClient dynamoDb, BrigadeProperties names) {
        return () -> check("tables", names.tables().values().stream().map(BrigadeProperties.Table::name).toList(),
                table -> dynamoDb.describeTable(t -> t.tableName(table).overrideConfiguration(QUICK)));
    }

    @Bean("sqs")
    HealthIndicator sqsHealth(SqsClient sqs, BrigadeProperties names) {
        List<String> queues = new ArrayList<>();
        names.queues().values().forEach(q -> {
            queues.add(q.name());
            queues.add(q.deadLetterName());
        });
        return () -> check("queues", queues,
                queue -> sqs.getQueueUrl(q -> q.queueName(queue).overrideConfiguration(QUICK)));
    }

    @Bean("mongodb")
    HealthIndicator mongoHealth(MongoClient mongo, BrigadeProperties names) {
        return () -> check("database", List.of(names.database()),
                database -> mongo.getDatabase(database).runCommand(new Document("ping", 1)));
    }

    /** UP when the probe succeeds for every resource; DOWN naming the first that fails and why. */
    private static Health check(String kind, Iterable<String> resources, Consumer<String> probe) {
        List<String> checked = new ArrayList<>();
        for (String resource : resources) {
            try {
                probe.accept(resource);
                checked.add(resource);
            } catch (RuntimeException e) {
                return Health.down()
                        .withDetail(kind, checked)
                        .withDetail("failing", resource)
                        .withDetail("error", String.valueOf(e.getMessage()))
                        .build();
            }
        }
        return Health.up().withDetail(kind, checked).build();
    }
}
