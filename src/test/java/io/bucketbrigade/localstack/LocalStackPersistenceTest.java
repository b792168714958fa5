package io.bucketbrigade.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.StackClients;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.sqs.model.Message;

/** The local stack keeps its data under the data folder across restarts, and --reset starts it empty. */
class LocalStackPersistenceTest {

    @TempDir
    Path dir;

    @Test
    void dataSurvivesARestartAndResetEmptiesIt() {
        LocalStackProcess.Ports ports = LocalStackProcess.Ports.free();
        Path data = dir.resolve("data");
        try (LocalStackProcess stack = new LocalStackProcess(ports, data).start()) {
            try (StackClients clients = new StackClients(stack)) {
                clients.s3().createBucket(b -> b.bucket("kept"));
                clients.s3().putObject(p -> p.bucket("kept").key("a/b.txt"), RequestBody.fromString("hello"));
                clients.dynamoDb().createTable(t -> t.tableName("kept")
                        .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                        .keySchema(k -> k.attributeName("id").keyType("HASH"))
                        .billingMode("PAY_PER_REQUEST"));
                String queue = clients.sqs().createQueue(q -> q.queueName("kept")).queueUrl();
                clients.sqs().sendMessage(m -> m.queueUrl(queue).messageBody("still here"));
                try (MongoClient mongo = MongoClients.create(stack.mongodb())) {
                    mongo.getDatabase("kept").getCollection("docs").insertOne(new Document("_id", "one"));
                }
            }
        }

        try (LocalStackProcess stack = new LocalStackProcess(ports, data).start();
                StackClients clients = new StackClients(stack)) {
            assertThat(clients.s3().getObjectAsBytes(g -> g.bucket("kept").key("a/b.txt")).asUtf8String())
                    .isEqualTo("hello");
            assertThat(clients.dynamoDb().listTables().tableNames()).contains("kept");
            String queue = clients.sqs().getQueueUrl(q -> q.queueName("kept")).queueUrl();
            List<Message> messages = clients.sqs().receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(5)).messages();
            assertThat(messages).extracting(Message::body).containsExactly("still here");
            try (MongoClient mongo = MongoClients.create(stack.mongodb())) {
                assertThat(mongo.getDatabase("kept").getCollection("docs").countDocuments()).isEqualTo(1);
            }
        }

        try (LocalStackProcess stack = new LocalStackProcess(ports, data).start("--reset");
                StackClients clients = new StackClients(stack)) {
            assertThat(clients.s3().listBuckets().buckets()).extracting(Bucket::name).doesNotContain("kept");
            assertThat(clients.dynamoDb().listTables().tableNames()).doesNotContain("kept");
            try (MongoClient mongo = MongoClients.create(stack.mongodb())) {
                assertThat(mongo.listDatabaseNames().into(new ArrayList<>())).doesNotContain("kept");
            }
        }
    }

    @Test
    void theStackStopsByItselfWhenItsParentProcessDies() throws Exception {
        Process parent = new ProcessBuilder("sleep", "600").start();
        LocalStackProcess.Ports ports = LocalStackProcess.Ports.free();
        Process stack = new ProcessBuilder("java", "-jar", LocalStackProcess.jar().toString(),
                "--s3-port", Integer.toString(ports.s3()), "--dynamodb-port", Integer.toString(ports.dynamodb()),
                "--sqs-port", Integer.toString(ports.sqs()), "--mongodb-port", Integer.toString(ports.mongodb()),
                "--data-dir", dir.resolve("orphan").toString(), "--parent-pid", Long.toString(parent.pid()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("orphan.log").toFile())
                .start();
        try {
            parent.destroyForcibly().waitFor();

            assertThat(stack.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as("stack exited").isTrue();
        } finally {
            stack.destroyForcibly();
        }
    }
}
