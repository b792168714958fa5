import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The console's benchmark (bench/console): fills the catalogue and the dataset records of a running server with N
 * datasets, then times the console's pages over HTTP. Compiled by bench/console against the server jar's libraries.
 *
 *   ConsolePages seed <mongodb-uri> <database> <dynamodb-endpoint> <experiments-table> <datasets>
 *   ConsolePages time <base-url> <requests-per-page> <dataset-id> <path>...
 */
public class ConsolePages {

    static final String[] PROFILES = {"tenx", "cellpainting", "aind", "cryoet", "generic"};
    static final String[] VERDICTS = {"Valid", "Valid", "Valid", "Invalid", "Unknown"};

    public static void main(String[] args) throws Exception {
        // the MongoDB driver's connection lines would hide the table
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.mongodb"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        if (args[0].equals("seed")) {
            seed(args[1], args[2], args[3], args[4], Integer.parseInt(args[5]));
        } else {
            time(args[1], Integer.parseInt(args[2]), args[3], Arrays.copyOfRange(args, 4, args.length));
        }
    }

    /** Datasets as the hops leave them: five files each, most published, some invalid or still checking. */
    static void seed(String mongoUri, String database, String dynamoEndpoint, String table, int count) {
        long now = System.currentTimeMillis();
        try (MongoClient mongo = MongoClients.create(mongoUri);
             DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(URI.create(dynamoEndpoint))
                     .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("test", "test"))).build()) {
            MongoCollection<Document> assets = mongo.getDatabase(database).getCollection("assets");
            MongoCollection<Document> rejections = mongo.getDatabase(database).getCollection("rejections");
            List<Document> batch = new ArrayList<>();
            List<WriteRequest> items = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String id = String.format("bench-console-%05d", i);
                String profile = PROFILES[i % PROFILES.length];
                String verdict = VERDICTS[(i / 5) % VERDICTS.length];
                boolean published = verdict.equals("Valid") && i % 7 != 0;
                Date modified = new Date(now - (long) i * 60_000);
                Document tiers = new Document("source", new Document("location", "s3://source/" + id))
                        .append("processed", new Document("location", "s3://processed/" + id));
                if (published) {
                    tiers.append("production", new Document("location", "s3://production/" + id).append("version", 1));
                }
                List<Document> files = new ArrayList<>();
                for (int f = 0; f < 5; f++) {
                    String key = id + "/file-" + f + ".tsv";
                    String sha = String.format("%064x", (long) i * 10 + f);
                    files.add(new Document("key", key).append("role", "file").append("tier", "source")
                            .append("sourceKey", key).append("size", 1000 + f).append("sha256", sha)
                            .append("originalSize", 1000 + f).append("originalSha256", sha)
                            .append("processed", new Document("key", key).append("sha256", sha)
                                    .append("size", 1000 + f).append("facts", new Document("format", "tsv")
                                            .append("rows", 100))));
                }
                batch.add(new Document("_id", java.util.UUID.nameUUIDFromBytes(("dataset:" + id).getBytes())
                        .toString()).append("name", id).append("profile", profile).append("location", "s3://x/" + id)
                        .append("created", modified).append("last_modified", modified)
                        .append("metadata_status", verdict).append("status", published ? "published" : null)
                        .append("version", published ? 1 : null).append("tiers", tiers)
                        .append("tier_rank", published ? 3 : 2).append("files", files)
                        .append("checks", List.of()).append("summary", new Document("files", 5)));
                Map<String, AttributeValue> status = new LinkedHashMap<>();
                status.put("original", AttributeValue.fromS("RECEIVED"));
                status.put("source", AttributeValue.fromS("INGESTED"));
                if (!verdict.equals("Unknown")) { // not checked yet: no verdict in the record
                    status.put("processed", AttributeValue.fromS(verdict));
                }
                status.put("production", AttributeValue.fromS(published ? "PUBLISHED"
                        : verdict.equals("Invalid") ? "HELD: the dataset is Invalid" : "WAITING: not checked yet"));
                items.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                        "experimentId", AttributeValue.fromS(id), "name", AttributeValue.fromS(id),
                        "meta", AttributeValue.fromM(Map.of("type", AttributeValue.fromS(profile))),
                        "createdDate", AttributeValue.fromS(modified.toInstant().toString()),
                        "lastModified", AttributeValue.fromS(modified.toInstant().toString()),
                        "status", AttributeValue.fromM(status))).build()).build());
                if (batch.size() == 500) {
                    assets.insertMany(batch);
                    batch.clear();
                }
                if (items.size() == 25) {
                    write(dynamo, table, items);
                }
                if (i % 5 == 0) {
                    rejections.insertOne(new Document("_id", "bench-" + i).append("datasetId", id)
                            .append("key", id + "/bad name.txt").append("rule", "whitespace")
                            .append("message", "no whitespace in keys").append("time", modified));
                }
            }
            if (!batch.isEmpty()) {
                assets.insertMany(batch);
            }
            if (!items.isEmpty()) {
                write(dynamo, table, items);
            }
        }
    }

    static void write(DynamoDbClient dynamo, String table, List<WriteRequest> items) {
        Map<String, List<WriteRequest>> request = Map.of(table, List.copyOf(items));
        while (!request.isEmpty()) {
            request = dynamo.batchWriteItem(BatchWriteItemRequest.builder().requestItems(request).build())
                    .unprocessedItems();
        }
        items.clear();
    }

    /** Each page {@code requests} times after two unmeasured requests: median, 95th percentile and max in ms. */
    static void time(String base, int requests, String dataset, String[] paths) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        System.out.printf("| page | median ms | p95 ms | max ms | bytes |%n|---|---:|---:|---:|---:|%n");
        for (String path : paths) {
            String url = base + path.replace("{dataset}", dataset);
            long bytes = 0;
            double[] millis = new double[requests];
            for (int i = -2; i < requests; i++) {
                long start = System.nanoTime();
                HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                double took = (System.nanoTime() - start) / 1e6;
                if (response.statusCode() != 200) {
                    throw new IllegalStateException(url + " answered " + response.statusCode());
                }
                bytes = response.body().length;
                if (i >= 0) {
                    millis[i] = took;
                }
            }
            Arrays.sort(millis);
            System.out.printf("| `%s` | %.0f | %.0f | %.0f | %d |%n", path, millis[requests / 2],
                    millis[(int) Math.ceil(requests * 0.95) - 1], millis[requests - 1], bytes);
        }
    }
}
