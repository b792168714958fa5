import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.sun.management.OperatingSystemMXBean;
import org.bson.Document;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * CPU per request of each kind the hop makes, on the local stack (run by bench/requests, which starts the stack):
 * the stack's CPU seconds (from /proc/STACK_PID/stat) and this client's, over N requests of one kind made by 4
 * threads, after WARM requests of that kind to warm both JVMs up. Prints one Markdown table row a kind.
 *
 * <pre>
 * java -Dwarm=WARM -cp CLASSPATH bench/Requests.java STACK_PID N S3_PORT DYNAMODB_PORT SQS_PORT MONGODB_PORT
 * </pre>
 */
public class Requests {

    private static final int THREADS = 4;
    private static final long CLOCK_TICKS = 100; // USER_HZ of /proc/PID/stat on Linux
    private static final String TABLE = "requests-table";
    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final long stackPid;
    private final int warm;

    private Requests(long stackPid, int warm) {
        this.stackPid = stackPid;
        this.warm = warm;
    }

    interface Request {
        void make(int i) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Requests requests = new Requests(Long.parseLong(args[0]), Integer.parseInt(System.getProperty("warm", "1500")));
        int n = Integer.parseInt(args[1]);
        String host = "http://127.0.0.1:";
        S3Client s3 = s3(host + args[2], true, true);
        S3Client s3NoTrailer = s3(host + args[2], false, true);
        S3Client s3Whole = s3(host + args[2], false, false);
        DynamoDbClient ddb = DynamoDbClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .endpointOverride(URI.create(host + args[3])).build();
        SqsClient sqs = SqsClient.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .endpointOverride(URI.create(host + args[4])).build();
        MongoClient mongo = MongoClients.create("mongodb://127.0.0.1:" + args[5]);

        s3.createBucket(b -> b.bucket("requests-a"));
        s3.createBucket(b -> b.bucket("requests-b"));
        ddb.createTable(c -> c.tableName(TABLE).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
        String queue = sqs.createQueue(c -> c.queueName("requests")).queueUrl();
        MongoCollection<Document> lineage = mongo.getDatabase("requests").getCollection("lineage");
        MongoCollection<Document> assets = mongo.getDatabase("requests").getCollection("assets");
        for (int d = 0; d < 100; d++) {
            assets.insertOne(new Document("_id", "d" + d).append("files", new ArrayList<>()));
        }
        byte[] data = new byte[65536];
        new Random(1).nextBytes(data);
        String body = "x".repeat(900);
        Function<String, Map<String, AttributeValue>> claim = id -> Map.of("id", AttributeValue.fromS(id),
                "state", AttributeValue.fromS("IN_PROGRESS"));

        System.out.println("| request (64 KiB objects) | stack CPU ms | client CPU ms"
                + " | wall ms per request, 4 threads |");
        System.out.println("|---|---:|---:|---:|");
        requests.measure("S3 PutObject (the SDK's default: CRC32 trailer, chunked body)", n,
                i -> s3.putObject(p -> p.bucket("requests-a").key("k/" + i), RequestBody.fromBytes(data)));
        requests.measure("S3 PutObject without the CRC32 trailer", n,
                i -> s3NoTrailer.putObject(p -> p.bucket("requests-a").key("w/" + i), RequestBody.fromBytes(data)));
        requests.measure("S3 PutObject without the CRC32 trailer, body sent whole", n,
                i -> s3Whole.putObject(p -> p.bucket("requests-a").key("z/" + i), RequestBody.fromBytes(data)));
        String sha256 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        requests.measure("S3 PutObject with its SHA-256 given (x-amz-checksum-sha256: the server's writes)", n,
                i -> s3.putObject(p -> p.bucket("requests-a").key("s/" + i).checksumSHA256(sha256),
                        RequestBody.fromBytes(data)));
        requests.measure("S3 CopyObject asking for a SHA-256 (the server's copies)", n, i -> s3.copyObject(c -> c
                .sourceBucket("requests-a").sourceKey("k/" + i % n).checksumAlgorithm("SHA256")
                .destinationBucket("requests-b").destinationKey("s/" + i)));
        requests.measure("S3 GetObject", n,
                i -> s3.getObjectAsBytes(g -> g.bucket("requests-a").key("k/" + i % n)));
        requests.measure("S3 CopyObject (rclone's server-side copy)", n, i -> s3.copyObject(c -> c
                .sourceBucket("requests-a").sourceKey("k/" + i % n)
                .destinationBucket("requests-b").destinationKey("k/" + i)));
        requests.measure("DynamoDB PutItem, conditional (a claim)", n, i -> ddb.putItem(p -> p.tableName(TABLE)
                .item(claim.apply("c" + i)).conditionExpression("attribute_not_exists(id)")));
        requests.measure("DynamoDB GetItem, consistent (a ledger read)", n, i -> ddb.getItem(g -> g.tableName(TABLE)
                .consistentRead(true).key(Map.of("id", AttributeValue.fromS("c" + i % n)))));
        requests.measure("DynamoDB UpdateItem (a confirmation)", n, i -> ddb.updateItem(u -> u.tableName(TABLE)
                .key(Map.of("id", AttributeValue.fromS("c" + i % n))).updateExpression("SET #s = :d")
                .expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":d", AttributeValue.fromS("DONE")))));
        requests.measure("DynamoDB TransactWriteItems of 2 (ledger entry and counters)", n,
                i -> ddb.transactWriteItems(t -> t.transactItems(
                        TransactWriteItem.builder().put(p -> p.tableName(TABLE).item(Map.of(
                                "id", AttributeValue.fromS("o" + i), "v", AttributeValue.fromS("x")))).build(),
                        TransactWriteItem.builder().update(u -> u.tableName(TABLE)
                                .key(Map.of("id", AttributeValue.fromS("ds" + i % 100))).updateExpression("ADD n :one")
                                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))).build())));
        requests.measure("MongoDB insertOne (a lineage event)", n, i -> lineage.insertOne(new Document("_id", "e" + i)
                .append("step", "received").append("key", "k/" + i).append("time", new Date())));
        requests.measure("MongoDB insertMany of 3", n, i -> lineage.insertMany(List.of(
                new Document("_id", "a" + i), new Document("_id", "b" + i), new Document("_id", "c" + i))));
        requests.measure("MongoDB updateOne pushing a file (the catalogue)", n, i -> assets.updateOne(
                Filters.and(Filters.eq("_id", "d" + i % 100), Filters.ne("files.key", "k/" + i)),
                Updates.push("files", new Document("key", "k/" + i).append("sha256", "abc").append("size", 65536))));
        requests.measure("SQS SendMessage (an enrich request)", n,
                i -> sqs.sendMessage(s -> s.queueUrl(queue).messageBody(body)));
        requests.measure("SQS SendMessageBatch of 10", n / 10, i -> sqs.sendMessageBatch(s -> s.queueUrl(queue)
                .entries(IntStream.range(0, 10).mapToObj(j -> SendMessageBatchRequestEntry.builder().id("m" + j)
                        .messageBody(body).build()).toList())));
        requests.measure("SQS ReceiveMessage of 10 and DeleteMessageBatch of 10", n / 10, i -> {
            List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)).messages();
            if (!received.isEmpty()) {
                sqs.deleteMessageBatch(d -> d.queueUrl(queue).entries(received.stream()
                        .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId())
                                .receiptHandle(m.receiptHandle()).build()).toList()));
            }
        });
        requests.measure("DynamoDB TransactWriteItems of 10 conditional puts", n / 10,
                i -> ddb.transactWriteItems(t -> t.transactItems(IntStream.range(0, 10)
                        .mapToObj(j -> TransactWriteItem.builder().put(p -> p.tableName(TABLE)
                                .item(claim.apply("tx" + i + "-" + j))
                                .conditionExpression("attribute_not_exists(id)")).build()).toList())));
        requests.measure("DynamoDB BatchWriteItem of 10 puts", n / 10, i -> ddb.batchWriteItem(b -> b.requestItems(
                Map.of(TABLE, IntStream.range(0, 10).mapToObj(j -> WriteRequest.builder()
                        .putRequest(p -> p.item(claim.apply("bw" + i + "-" + j))).build()).toList()))));
        requests.measure("SQS ReceiveMessage of 1 and DeleteMessage", n, i -> {
            for (Message m : sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(1)).messages()) {
                sqs.deleteMessage(d -> d.queueUrl(queue).receiptHandle(m.receiptHandle()));
            }
        });
        System.exit(0);
    }

    /** An S3 client as the server builds one, with or without the SDK's CRC32 trailer and chunked bodies. */
    private static S3Client s3(String endpoint, boolean checksumTrailer, boolean chunked) {
        S3ClientBuilder builder = S3Client.builder().region(Region.US_EAST_1).credentialsProvider(CREDENTIALS)
                .endpointOverride(URI.create(endpoint)).forcePathStyle(true);
        if (!checksumTrailer) {
            builder.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
        }
        if (!chunked) {
            builder.serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        }
        return builder.build();
    }

    /** Warms up with {@code warm} requests (ids from 1,000,000 on), then times {@code n} made by 4 threads. */
    private void measure(String name, int n, Request request) throws Exception {
        for (int i = 0; i < warm; i++) {
            request.make(1_000_000 + i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        double stack0 = stackCpuSeconds();
        double client0 = clientCpuSeconds();
        long start = System.nanoTime();
        List<Future<?>> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int first = t;
            threads.add(pool.submit(() -> {
                for (int i = first; i < n; i += THREADS) {
                    request.make(i);
                }
                return null;
            }));
        }
        for (Future<?> thread : threads) {
            thread.get();
        }
        double stack = stackCpuSeconds() - stack0;
        double client = clientCpuSeconds() - client0;
        double wall = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("| %s | %.2f | %.2f | %.2f |%n", name, 1000 * stack / n, 1000 * client / n, 1000 * wall / n);
    }

    private double stackCpuSeconds() throws Exception {
        String stat = Files.readString(Path.of("/proc/" + stackPid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS; // utime + stime
    }

    private static double clientCpuSeconds() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }
}
