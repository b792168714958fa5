package io.bucketbrigade.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.support.BrigadeServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@BrigadeServerTest
class ProvisioningTest {

    @Autowired
    S3Client s3;
    @Autowired
    DynamoDbClient dynamoDb;
    @Autowired
    SqsClient sqs;
    @Autowired
    MongoClient mongo;
    @Autowired
    BrigadeProperties names;

    @Test
    void createsTheFourTierBucketsNamedNamespaceTierEnv() {
        List<String> buckets = s3.listBuckets().buckets().stream().map(Bucket::name).toList();

        assertThat(buckets).contains("brigade-original-local", "brigade-source-local",
                "brigade-processed-local", "brigade-production-local");
    }

    @Test
    void createsTablesWithEnvSuffixAndTheirKeys() {
        assertThat(dynamoDb.listTablesPaginator().tableNames()) // every page: the suite's stack has over 100 tables
                .contains("experiments-local", "samples-local", "objects-local", "instances-local");
        var objects = dynamoDb.describeTable(t -> t.tableName("objects-local")).table().keySchema();
        assertThat(objects).extracting(k -> k.attributeName() + ":" + k.keyType())
                .containsExactly("datasetId:" + KeyType.HASH, "objectKey:" + KeyType.RANGE);
    }

    @Test
    void createsQueuesWithDeadLetterQueueAndRedrivePolicy() throws Exception {
        String url = sqs.getQueueUrl(q -> q.queueName("ingest-local")).queueUrl();
        String dlqUrl = sqs.getQueueUrl(q -> q.queueName("ingest-dlq-local")).queueUrl();
        String dlqArn = sqs.getQueueAttributes(a -> a.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);

        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(
                a -> a.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();

        JsonNode redrive = new ObjectMapper().readTree(attributes.get(QueueAttributeName.REDRIVE_POLICY));
        assertThat(redrive.get("deadLetterTargetArn").asText()).isEqualTo(dlqArn);
        assertThat(redrive.get("maxReceiveCount").asInt()).isEqualTo(5);
        assertThat(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("300");
    }

    @Test
    void createsTheCatalogueCollections() {
        List<String> collections = mongo.getDatabase("brigade-local").listCollectionNames().into(new java.util.ArrayList<>());

        assertThat(collections).contains("assets", "lineage");
        assertThat(mongo.getDatabase("brigade-local").getCollection("assets").listIndexes()
                .into(new java.util.ArrayList<>())).as("whose processed copy an object is: one indexed query")
                .anySatisfy(index -> assertThat(index.get("key", org.bson.Document.class))
                        .containsKey("files.processed.key"));
    }

    @Test
    void provisioningAgainCreatesNothing() {
        Provisioner provisioner = new Provisioner(names, s3, dynamoDb, sqs, mongo);

        assertThat(provisioner.provision()).isEmpty();
    }
}
