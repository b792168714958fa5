package io.bucketbrigade.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.support.GeneratedUpload;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.ServerProcess;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An object above the single-copy limit is promoted by multipart copy (UploadPartCopy) and verified on the target,
 * through the packaged server. In {@code mvn -B verify}: 1.5 GiB above a limit set to 1 GiB, in parts of 256 MiB;
 * with {@code -Dbrigade.resilience.long=true}: 6 GiB above S3's own 5 GiB limit, with the shipped settings. The
 * object and its dataset's records are put straight into processed and DynamoDB, as the enrich hop leaves them.
 * Runs after `package` (failsafe).
 */
class LargePromoteIT {

    static final boolean LONG = Boolean.getBoolean("brigade.resilience.long");
    static final long MIB = 1024 * 1024;
    static final long SIZE = LONG ? 6 * 1024 * MIB : 1536 * MIB;
    static final List<String> LIMITS = LONG ? List.of()
            : List.of("--brigade.s3.single-copy-limit=1GB", "--brigade.s3.copy-part-size=256MB");
    static final String DATASET = "above-copy-limit";

    @TempDir
    Path dir;

    @Test
    void aboveTheSingleCopyLimitIsPublishedByMultipartCopyAndVerified() throws Exception {
        LocalStackProcess stack = SharedLocalStack.get();
        List<String> arguments = new ArrayList<>(List.of("--brigade.env=bigpromote",
                "--brigade.watcher.enabled=false"));
        arguments.addAll(LIMITS);
        try (ServerProcess server = ServerProcess.start(stack, dir.resolve("server.log"),
                List.of(ServerProcess.FULL_JIT), arguments.toArray(String[]::new));
                StackClients clients = new StackClients(stack)) {
            S3Client s3 = clients.s3();
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() ->
                    s3.headBucket(h -> h.bucket("brigade-processed-bigpromote")) != null
                    && clients.sqs().getQueueUrl(q -> q.queueName("promote-bigpromote")) != null);

            long started = System.nanoTime();
            String sha256 = GeneratedUpload.upload(s3, "brigade-processed-bigpromote", DATASET + "/huge.bin", SIZE,
                    Map.of("written-by", "bucket-brigade"));
            System.out.printf("uploaded %d MiB in %.1f s%n", SIZE / MIB, (System.nanoTime() - started) / 1e9);
            // the object's sha256 metadata, as enrich leaves it (a copy onto itself sets metadata of any size)
            clients.s3().copyObject(c -> c.sourceBucket("brigade-processed-bigpromote").sourceKey(DATASET + "/huge.bin")
                    .destinationBucket("brigade-processed-bigpromote").destinationKey(DATASET + "/huge.bin")
                    .metadataDirective("REPLACE").metadata(Map.of("written-by", "bucket-brigade", "sha256", sha256)));
            clients.dynamoDb().putItem(p -> p.tableName("experiments-bigpromote").item(Map.of(
                    "experimentId", AttributeValue.fromS(DATASET), "profile", AttributeValue.fromS("generic"),
                    "status", AttributeValue.fromM(Map.of("processed", AttributeValue.fromS("Valid"))),
                    "changeVersion", AttributeValue.fromN("1"), "checkedVersion", AttributeValue.fromN("1"))));

            started = System.nanoTime();
            String queue = clients.sqs().getQueueUrl(q -> q.queueName("promote-bigpromote")).queueUrl();
            clients.sqs().sendMessage(m -> m.queueUrl(queue).messageBody(DATASET));

            JsonNode manifest = await().atMost(Duration.ofMinutes(15)).pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptions().until(() -> {
                        assertThat(server.isAlive()).as("server running; see " + server.log()).isTrue();
                        return new ObjectMapper().readTree(s3.getObjectAsBytes(g -> g.bucket(
                                "brigade-production-bigpromote").key(DATASET + "/manifest.json")).asByteArray());
                    }, m -> m != null);
            System.out.printf("promoted and verified %d MiB in %.1f s%n", SIZE / MIB, (System.nanoTime() - started) / 1e9);

            JsonNode file = manifest.get("files").get(0);
            assertThat(file.get("object").asText()).isEqualTo(DATASET + "/v1/huge.bin");
            assertThat(file.get("size").asLong()).isEqualTo(SIZE);
            assertThat(file.get("sha256").asText()).isEqualTo(sha256);
            String eTag = s3.headObject(h -> h.bucket("brigade-production-bigpromote").key(DATASET + "/v1/huge.bin"))
                    .eTag();
            assertThat(eTag).as("a multipart copy: the ETag counts its parts").matches("\"[0-9a-f]{32}-\\d+\"");
            for (String bucket : List.of("brigade-processed-bigpromote", "brigade-production-bigpromote")) {
                s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(DATASET + "/")).contents()
                        .forEach(o -> s3.deleteObject(d -> d.bucket(bucket).key(o.key())));
            }
        }
    }
}
