package io.bucketbrigade.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
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
 * A 6 GiB object is promoted by multipart copy (UploadPartCopy, above the 5 GiB of a single CopyObject) and
 * verified on the target, through the packaged server. The object and its dataset's records are put straight into
 * processed and DynamoDB, as the enrich hop leaves them. Runs after `package` (failsafe).
 */
class LargePromoteIT {

    static final long SIZE = 6L * 1024 * 1024 * 1024;
    static final String DATASET = "six-gib";

    @TempDir
    Path dir;

    @Test
    void sixGibArePublishedByMultipartCopyAndVerified() throws Exception {
        LocalStackProcess stack = SharedLocalStack.get();
        try (ServerProcess server = ServerProcess.start(stack, dir.resolve("server.log"), List.of(),
                "--brigade.env=bigpromote", "--brigade.watcher.enabled=false");
                StackClients clients = new StackClients(stack)) {
            S3Client s3 = clients.s3();
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() ->
                    s3.headBucket(h -> h.bucket("brigade-processed-bigpromote")) != null
                    && clients.sqs().getQueueUrl(q -> q.queueName("promote-bigpromote")) != null);

            long started = System.nanoTime();
            String sha256 = GeneratedUpload.upload(s3, "brigade-processed-bigpromote", DATASET + "/huge.bin", SIZE,
                    Map.of("written-by", "bucket-brigade"));
            System.out.printf("uploaded 6 GiB in %.1f s%n", (System.nanoTime() - started) / 1e9);
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
            System.out.printf("promoted and verified 6 GiB in %.1f s%n", (System.nanoTime() - started) / 1e9);

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
