package io.bucketbrigade.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** Streaming writes and server-side copies against the local S3, with limits small enough to cross them. */
class MultipartWriterTest {

    static final int MB = 1024 * 1024;
    static final String BUCKET = "multipart-writer-test";

    static StackClients clients;
    static S3Client s3;
    static ObjectCopier copier;

    @BeforeAll
    static void bucket() {
        clients = new StackClients(SharedLocalStack.get());
        s3 = clients.s3();
        s3.createBucket(b -> b.bucket(BUCKET));
        copier = new ObjectCopier(s3, 5 * MB, 5 * MB);
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aSmallStreamIsOnePutWithItsMetadata() throws Exception {
        AtomicInteger keyAsked = new AtomicInteger();
        MultipartWriter writer = new MultipartWriter(s3, copier, BUCKET, () -> {
            keyAsked.incrementAndGet();
            return "small/object.bin";
        }, 5 * MB, "application/octet-stream");
        byte[] content = random(100_000, 1);

        writer.write(content);
        StoredObject stored = writer.commit(Map.of("sha256", "abc"));

        assertThat(keyAsked).hasValue(1);
        assertThat(stored.size()).isEqualTo(100_000);
        assertThat(s3.getObjectAsBytes(g -> g.bucket(BUCKET).key("small/object.bin")).asByteArray()).isEqualTo(content);
        assertThat(s3.headObject(h -> h.bucket(BUCKET).key("small/object.bin")).metadata()).containsEntry("sha256", "abc");
    }

    @Test
    void aLargeStreamIsAMultipartUploadWhoseMetadataIsSetAtCommit() throws Exception {
        MultipartWriter writer = new MultipartWriter(s3, copier, BUCKET, () -> "large/object.bin", 5 * MB, null);
        byte[] content = random(12 * MB + 3, 2);

        for (int at = 0; at < content.length; at += 64 * 1024) {
            writer.write(content, at, Math.min(64 * 1024, content.length - at));
        }
        writer.commit(Map.of("sha256", hex(content)));

        HeadObjectResponse head = s3.headObject(h -> h.bucket(BUCKET).key("large/object.bin"));
        assertThat(head.contentLength()).isEqualTo(content.length);
        assertThat(head.metadata()).containsEntry("sha256", hex(content));
        assertThat(s3.getObjectAsBytes(g -> g.bucket(BUCKET).key("large/object.bin")).asByteArray()).isEqualTo(content);
    }

    @Test
    void anAbortedUploadLeavesNothing() throws Exception {
        MultipartWriter writer = new MultipartWriter(s3, copier, BUCKET, () -> "aborted/object.bin", 5 * MB, null);
        writer.write(random(11 * MB, 3));

        writer.abort();

        assertThat(s3.listObjectsV2(l -> l.bucket(BUCKET).prefix("aborted/")).contents()).isEmpty();
        assertThat(s3.listMultipartUploads(l -> l.bucket(BUCKET).prefix("aborted/")).uploads()).isEmpty();
    }

    @Test
    void copiesAboveTheSingleCopyLimitUseUploadPartCopy() throws Exception {
        byte[] content = random(11 * MB, 4);
        s3.putObject(p -> p.bucket(BUCKET).key("copy/source.bin").metadata(Map.of("a", "1")),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(content));

        StoredObject copy = copier.copy(BUCKET, "copy/source.bin", BUCKET, "copy/target.bin",
                java.util.function.UnaryOperator.identity(), null);

        assertThat(copy.eTag()).endsWith("-3\""); // three parts of at most 5 MiB
        assertThat(s3.getObjectAsBytes(g -> g.bucket(BUCKET).key("copy/target.bin")).asByteArray()).isEqualTo(content);
        assertThat(s3.headObject(h -> h.bucket(BUCKET).key("copy/target.bin")).metadata()).containsEntry("a", "1");
    }

    static String hex(byte[] content) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
