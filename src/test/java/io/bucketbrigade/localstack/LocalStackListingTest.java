package io.bucketbrigade.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The local stack's S3 lists only complete objects, as S3 does. S3Proxy writes an upload to {@code <key>-<uuid>}
 * and renames it when complete; a listing meanwhile must not show that file (the bucket watcher would announce it,
 * and the ingest refuse its name).
 */
class LocalStackListingTest {

    private static final int HALF = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void anUploadStillBeingWrittenIsNotListed() throws Exception {
        Path data = dir.resolve("data");
        try (LocalStackProcess stack = new LocalStackProcess(LocalStackProcess.Ports.free(), data).start();
                StackClients clients = new StackClients(stack)) {
            S3Client s3 = clients.s3();
            s3.createBucket(b -> b.bucket("deposits"));
            s3.putObject(p -> p.bucket("deposits").key("run/done.txt"), RequestBody.fromString("done"));
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<?> upload = CompletableFuture.runAsync(() -> s3.putObject(p -> p.bucket("deposits")
                    .key("run/slow.bin"), RequestBody.fromContentProvider(() -> halfThenWait(release), 2L * HALF,
                    "application/octet-stream")));
            try {
                Path temporary = await().atMost(Duration.ofSeconds(30)).until(() -> inProgress(data, "slow.bin-"),
                        Optional::isPresent).orElseThrow();

                assertThat(keys(s3)).as("listed while %s is written", temporary.getFileName())
                        .containsExactly("run/done.txt");
            } finally {
                release.countDown();
            }
            upload.get(30, TimeUnit.SECONDS);
            assertThat(keys(s3)).containsExactly("run/done.txt", "run/slow.bin");
        }
    }

    /** Half of the object's bytes, then the other half once released. */
    private static InputStream halfThenWait(CountDownLatch release) {
        InputStream rest = new InputStream() {
            private InputStream bytes;

            @Override
            public int read() throws IOException {
                return rest().read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                return rest().read(buffer, offset, length);
            }

            private InputStream rest() throws IOException {
                if (bytes == null) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                    bytes = new ByteArrayInputStream(new byte[HALF]);
                }
                return bytes;
            }
        };
        return new SequenceInputStream(new ByteArrayInputStream(new byte[HALF]), rest);
    }

    /** S3Proxy's temporary file of an upload in progress, found on disk. */
    private static Optional<Path> inProgress(Path data, String prefix) {
        try (Stream<Path> files = Files.walk(data.resolve("s3"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)).findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> keys(S3Client s3) {
        return s3.listObjectsV2Paginator(l -> l.bucket("deposits")).contents().stream().map(S3Object::key).toList();
    }
}
