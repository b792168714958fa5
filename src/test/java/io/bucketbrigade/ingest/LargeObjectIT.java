package io.bucketbrigade.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.MemoryUsage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

import io.bucketbrigade.support.GeneratedUpload;
import io.bucketbrigade.support.Jmx;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.ServerProcess;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A 2 GiB object goes from original to source through the packaged server running with -Xmx256m: the copy
 * streams, holding one part in memory, whatever the object's size. Runs after `package` (failsafe).
 */
class LargeObjectIT {

    static final long SIZE = 2L * 1024 * 1024 * 1024;
    static final String KEY = "large-object/two-gib.bin";

    @TempDir
    Path dir;

    ServerProcess server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void twoGibStreamThroughAServerWith256MibOfHeap() throws Exception {
        LocalStackProcess stack = SharedLocalStack.get();
        server = ServerProcess.start(stack, dir.resolve("server.log"), List.of("-Xmx256m", ServerProcess.FULL_JIT),
                "--brigade.env=large", "--brigade.watcher.period=1s");
        try (StackClients clients = new StackClients(stack)) {
            S3Client s3 = clients.s3();
            await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                    .until(() -> s3.headBucket(h -> h.bucket("brigade-original-large")) != null);

            long started = System.nanoTime();
            String sha256 = GeneratedUpload.upload(s3, "brigade-original-large", KEY, SIZE, Map.of());
            System.out.printf("uploaded 2 GiB in %.1f s%n", (System.nanoTime() - started) / 1e9);

            started = System.nanoTime();
            Map<String, AttributeValue> key = Map.of("datasetId", AttributeValue.fromS("large-object"),
                    "objectKey", AttributeValue.fromS(KEY));
            await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                assertThat(server.isAlive()).as("the server is running; see " + dir.resolve("server.log")).isTrue();
                Map<String, AttributeValue> item = clients.dynamoDb().getItem(g -> g.tableName("objects-large")
                        .key(key)).item();
                return item != null && item.containsKey("state") && item.get("state").s().equals("COPIED");
            });
            System.out.printf("ingested 2 GiB in %.1f s%n", (System.nanoTime() - started) / 1e9);

            HeadObjectResponse head = s3.headObject(h -> h.bucket("brigade-source-large").key(KEY));
            assertThat(head.contentLength()).isEqualTo(SIZE);
            assertThat(head.metadata()).containsEntry("sha256", sha256).containsEntry("original-sha256", sha256);
            try (Jmx jmx = Jmx.connect(server.jmxPort(), null, null)) {
                MemoryUsage heap = MemoryUsage.from((CompositeData) jmx.attribute(
                        new ObjectName("java.lang:type=Memory"), "HeapMemoryUsage"));
                assertThat(heap.getMax()).isLessThanOrEqualTo(256L * 1024 * 1024);
                System.out.printf("server heap: max %d MiB, used now %d MiB%n", heap.getMax() >> 20,
                        heap.getUsed() >> 20);
            }
            s3.deleteObject(d -> d.bucket("brigade-original-large").key(KEY));
            s3.deleteObject(d -> d.bucket("brigade-source-large").key(KEY));
        }
    }
}
