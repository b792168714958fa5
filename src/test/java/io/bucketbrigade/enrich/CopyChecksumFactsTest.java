package io.bucketbrigade.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bucketbrigade.checksum.Checksums;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.enrich.extract.Facts;
import io.bucketbrigade.enrich.extract.FileExtractor;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.s3.CopyChecksums;
import io.bucketbrigade.s3.MultipartWriter;
import io.bucketbrigade.s3.ObjectCopier;
import io.bucketbrigade.s3.StoredObject;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.RequestLog;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The facts of a file of no known format, both ways the store allows, against the local S3: where S3 computes a
 * copy's SHA-256 ({@code computed}, AWS's way) and it is the source's, only the copy's head is read; where it does
 * not ({@code carried}, S3Proxy's), nothing more is asked and the copy is read whole. S3Proxy keeps no checksum for
 * a copy, so an object written to processed with its SHA-256 (which S3 stores) stands in for the copy AWS would
 * have checksummed.
 */
class CopyChecksumFactsTest {

    static final String SOURCE = "copy-checksum-facts-source";
    static final String PROCESSED = "copy-checksum-facts-processed";
    static final BrigadeProperties NAMES = new BrigadeProperties("brigade", "copy-checksum-facts-test",
            Map.of("source", SOURCE, "processed", PROCESSED), Map.of(), Map.of(), "unused", Map.of());

    /** Each S3 operation asked for, by name. */
    static final RequestLog requests = new RequestLog();
    static StackClients clients;
    static S3Client s3;
    static ObjectCopier copier;

    @BeforeAll
    static void buckets() {
        clients = new StackClients(SharedLocalStack.get(), requests);
        s3 = clients.s3();
        s3.createBucket(b -> b.bucket(SOURCE));
        s3.createBucket(b -> b.bucket(PROCESSED));
        copier = new ObjectCopier(s3, 5L << 20, 5L << 20);
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    byte[] content;
    EnrichItem item;

    /** A file in processed with the SHA-256 S3 stores for it, as AWS stores one for a copy it checksummed. */
    @BeforeEach
    void fileInProcessed() throws Exception {
        content = Fixtures.random(300_000, 21);
        String key = "dataset/run/" + Fixtures.experimentId() + ".bin";
        MultipartWriter writer = new MultipartWriter(s3, copier, PROCESSED, () -> key, 5 << 20, null);
        writer.write(content);
        StoredObject copy = writer.commit(Map.of("sha256", Checksums.sha256Hex(content)));
        item = new EnrichItem(entry(key, Checksums.sha256Hex(content)), null);
        item.markProcessed(copy);
        requests.clear();
    }

    static LedgerEntry entry(String key, String sourceSha256) {
        return new LedgerEntry("dataset", key, "original", "etag", "0100", 300_000, LedgerEntry.State.COPIED,
                "generic", "data", null, sourceSha256, null, SOURCE, key, sourceSha256, 300_000, null, null,
                "upload-1", Instant.now());
    }

    static ProcessedWriter writer(String copyChecksums) {
        return new ProcessedWriter(s3, copier, new CopyChecksums(s3, copyChecksums, SOURCE), null, null,
                new FileExtractor(s3, List.of()), NAMES);
    }

    @Test
    void whereS3VouchesForTheCopyOnlyItsHeadIsReadAndItsFactsAreThoseOfAWholeRead() {
        ProcessedWriter writer = writer("computed");

        writer.findCopyChecksum(item);
        writer.extractHead(item);

        assertThat(item.getCopyChecksum()).isEqualTo(new CopyChecksums.StoredChecksum(300_000,
                Checksums.sha256Hex(content)));
        assertThat(requests.operations()).containsExactly("HeadObject", "GetObject");
        Map<String, Object> head = item.getFacts().values();
        assertThat(head).containsEntry("size", 300_000L).containsEntry("sha256", Checksums.sha256Hex(content))
                .containsEntry("format", "other");
        assertThat(item.getFacts().problems()).isEmpty();

        EnrichItem whole = new EnrichItem(item.getEntry(), null);
        whole.markProcessed(item.getProcessed());
        writer.extract(whole);
        assertThat(head).isEqualTo(whole.getFacts().values());
    }

    @Test
    void whereS3DoesNotComputeACopysChecksumNothingIsAskedAndTheCopyIsReadWhole() {
        ProcessedWriter writer = writer("carried");

        writer.findCopyChecksum(item);

        assertThat(item.getCopyChecksum()).isNull();
        assertThat(requests.operations()).isEmpty();
    }

    @Test
    void aCopyWhoseChecksumIsNotTheSourcesIsReadWholeAndTheMismatchReported() {
        EnrichItem other = new EnrichItem(entry(item.getEntry().sourceKey(), "0".repeat(64)), null);
        other.markProcessed(item.getProcessed());
        ProcessedWriter writer = writer("computed");

        writer.findCopyChecksum(other);
        writer.extract(other);

        assertThat(other.getCopyChecksum()).isNull();
        assertThat(other.getFacts().problems()).extracting(Facts.Problem::rule)
                .containsExactly("checksum-mismatch");
    }
}
