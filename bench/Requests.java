import java.net.URI;
import java.nio.file.*;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
import com.mongodb.client.*;
import com.mongodb.client.model.*;
import org.bson.Document;
import software.amazon.awssdk.auth.credentials.*;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.*;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * CPU per request of each kind the hop makes, on the local stack (run by bench/requests, which starts the stack):
 * the stack's CPU seconds (from /proc/STACK_PID/stat) and this client's, over N requests of one kind made by 4
 * threads, after WARM requests of that kind to warm both JVMs up.
 *
 * <pre>
 * java -Dwarm=WARM -cp CLASSPATH bench/Requests.java STACK_PID N S3_PORT DYNAMODB_PORT SQS_PORT MONGODB_PORT
 * </pre>
 */
public class Requests {
    static long stackPid;
    static int warm = 50;
    static double stackCpu() throws Exception {
        String s = Files.readString(Path.of("/proc/" + stackPid + "/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }
    static double selfCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
    interface Op { void run(int i) throws Exception; }
    static void measure(String name, int n, Op op) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        // warm up
        for (int i = 0; i < warm; i++) {
            op.run(1_000_000 + i);
        }
        double s0 = stackCpu(), c0 = selfCpu(); long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int t = 0; t < 4; t++) { int tt = t; fs.add(pool.submit(() -> { for (int i = tt; i < n; i += 4) op.run(i); return null; })); }
        for (Future<?> f : fs) f.get();
        double s1 = stackCpu(), c1 = selfCpu(); long t1 = System.nanoTime();
        pool.shutdown();
        System.out.printf("| %s | %.2f | %.2f | %.2f |%n", name, 1000 * (s1 - s0) / n, 1000 * (c1 - c0) / n, (t1 - t0) / 1e6 / n);
    }
    public static void main(String[] a) throws Exception {
        stackPid = Long.parseLong(a[0]);
        System.out.println("| request (64 KiB objects) | stack CPU ms | client CPU ms | wall ms per request, 4 threads |");
        System.out.println("|---|---:|---:|---:|");
        int n = Integer.parseInt(a[1]);
        warm = Integer.parseInt(System.getProperty("warm", "1500"));
        String s3Url = "http://127.0.0.1:" + a[2];
        String dynamoDbUrl = "http://127.0.0.1:" + a[3];
        String sqsUrl = "http://127.0.0.1:" + a[4];
        String mongoUri = "mongodb://127.0.0.1:" + a[5];
        var cred = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        S3Client s3 = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(cred).endpointOverride(URI.create(s3Url)).forcePathStyle(true).build();
        DynamoDbClient ddb = DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(cred).endpointOverride(URI.create(dynamoDbUrl)).build();
        SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(cred).endpointOverride(URI.create(sqsUrl)).build();
        MongoClient mongo = MongoClients.create(mongoUri);
        s3.createBucket(b -> b.bucket("requests-a"));
        s3.createBucket(b -> b.bucket("requests-b"));
        byte[] data = new byte[65536]; new Random(1).nextBytes(data);
        ddb.createTable(c -> c.tableName("table-one").keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
            .attributeDefinitions(AttributeDefinition.builder().attributeName("id").attributeType(ScalarAttributeType.S).build()).billingMode(BillingMode.PAY_PER_REQUEST));
        String q = sqs.createQueue(c -> c.queueName("requests")).queueUrl();
        var coll = mongo.getDatabase("requests").getCollection("lineage");
        var assets = mongo.getDatabase("requests").getCollection("assets");
        for (int d = 0; d < 100; d++) assets.insertOne(new Document("_id", "d" + d).append("files", new ArrayList<>()));
        String body = "x".repeat(900);
        measure("S3 PutObject (the SDK's default: CRC32 trailer, chunked body)", n, i -> s3.putObject(p -> p.bucket("requests-a").key("k/" + i), RequestBody.fromBytes(data)));
        S3Client s3b = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(cred).endpointOverride(URI.create(s3Url)).forcePathStyle(true).requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED).build();
        measure("S3 PutObject without the CRC32 trailer", n, i -> s3b.putObject(p -> p.bucket("requests-a").key("w/" + i), RequestBody.fromBytes(data)));
        S3Client s3c = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(cred).endpointOverride(URI.create(s3Url)).forcePathStyle(true).requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED).serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder().chunkedEncodingEnabled(false).build()).build();
        measure("S3 PutObject without the CRC32 trailer, body sent whole", n, i -> s3c.putObject(p -> p.bucket("requests-a").key("z/" + i), RequestBody.fromBytes(data)));
        measure("S3 GetObject", n, i -> s3.getObjectAsBytes(g -> g.bucket("requests-a").key("k/" + (i % n))));
        measure("S3 CopyObject (rclone's server-side copy)", n, i -> s3.copyObject(c -> c.sourceBucket("requests-a").sourceKey("k/" + (i % n)).destinationBucket("requests-b").destinationKey("k/" + i)));
        measure("DynamoDB PutItem, conditional (a claim)", n, i -> ddb.putItem(p -> p.tableName("table-one").item(Map.of("id", AttributeValue.fromS("c" + i), "state", AttributeValue.fromS("X"))).conditionExpression("attribute_not_exists(id)")));
        measure("DynamoDB GetItem, consistent (a ledger read)", n, i -> ddb.getItem(g -> g.tableName("table-one").consistentRead(true).key(Map.of("id", AttributeValue.fromS("c" + (i % n))))));
        measure("DynamoDB UpdateItem (a confirmation)", n, i -> ddb.updateItem(u -> u.tableName("table-one").key(Map.of("id", AttributeValue.fromS("c" + (i % n)))).updateExpression("SET #s = :d").expressionAttributeNames(Map.of("#s", "state")).expressionAttributeValues(Map.of(":d", AttributeValue.fromS("DONE")))));
        measure("DynamoDB TransactWriteItems of 2 (ledger entry and counters)", n, i -> ddb.transactWriteItems(t -> t.transactItems(
            TransactWriteItem.builder().put(p -> p.tableName("table-one").item(Map.of("id", AttributeValue.fromS("o" + i), "v", AttributeValue.fromS("x")))).build(),
            TransactWriteItem.builder().update(u -> u.tableName("table-one").key(Map.of("id", AttributeValue.fromS("ds" + (i % 100)))).updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))).build())));
        measure("MongoDB insertOne (a lineage event)", n, i -> coll.insertOne(new Document("_id", "e" + i).append("step", "received").append("key", "k/" + i).append("time", new Date())));
        measure("MongoDB insertMany of 3", n, i -> coll.insertMany(List.of(new Document("_id", "a" + i), new Document("_id", "b" + i), new Document("_id", "c" + i))));
        measure("MongoDB updateOne pushing a file (the catalogue)", n, i -> assets.updateOne(Filters.and(Filters.eq("_id", "d" + (i % 100)), Filters.ne("files.key", "k/" + i)), Updates.push("files", new Document("key", "k/" + i).append("sha256", "abc").append("size", 65536))));
        measure("SQS SendMessage (an enrich request)", n, i -> sqs.sendMessage(s -> s.queueUrl(q).messageBody(body)));
        measure("SQS SendMessageBatch of 10", n / 10, i -> sqs.sendMessageBatch(s -> s.queueUrl(q).entries(java.util.stream.IntStream.range(0, 10).mapToObj(j -> software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder().id("m" + j).messageBody(body).build()).toList())));
        measure("SQS ReceiveMessage of 10 and DeleteMessageBatch of 10", n / 10, i -> { var ms = sqs.receiveMessage(r -> r.queueUrl(q).maxNumberOfMessages(10)).messages(); if (!ms.isEmpty()) sqs.deleteMessageBatch(d -> d.queueUrl(q).entries(ms.stream().map(m -> software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build()).toList())); });
        measure("DynamoDB TransactWriteItems of 10 conditional puts", n / 10, i -> ddb.transactWriteItems(t -> t.transactItems(java.util.stream.IntStream.range(0, 10).mapToObj(j -> TransactWriteItem.builder().put(p -> p.tableName("table-one").item(Map.of("id", AttributeValue.fromS("tx" + i + "-" + j), "state", AttributeValue.fromS("X"))).conditionExpression("attribute_not_exists(id)")).build()).toList())));
        measure("DynamoDB BatchWriteItem of 10 puts", n / 10, i -> ddb.batchWriteItem(b -> b.requestItems(Map.of("table-one", java.util.stream.IntStream.range(0, 10).mapToObj(j -> WriteRequest.builder().putRequest(p -> p.item(Map.of("id", AttributeValue.fromS("bw" + i + "-" + j), "state", AttributeValue.fromS("DONE")))).build()).toList()))));
        measure("SQS ReceiveMessage of 1 and DeleteMessage", n, i -> { var ms = sqs.receiveMessage(r -> r.queueUrl(q).maxNumberOfMessages(1)).messages(); for (var m : ms) sqs.deleteMessage(d -> d.queueUrl(q).receiptHandle(m.receiptHandle())); });
        System.exit(0);
    }
}
