package io.bucketbrigade.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import io.bucketbrigade.checksum.Checksums;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Streaming writes, unchanged streams copied by S3, and server-side copies against the local S3, with limits small
 * enough to cross them; and the checksums asked of S3: every write carries the SHA-256 of its bytes and S3 refuses
 * bytes that arrive different; whether a copy gets a checksum of its own is found out once ({@link CopyChecksums}).
 */
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
    void anUnchangedStreamIsCopiedByS3WithTheMetadataAndContentTypeGivenAtCommit() throws Exception {
        byte[] content = random(6 * MB, 5);
        String eTag = s3.putObject(p -> p.bucket(BUCKET).key("unchanged/original.bin").contentType("binary/octet-stream"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(content)).eTag();
        ObjectSink sink = new ServerSideCopy(copier, BUCKET, "unchanged/original.bin", eTag.replace("\"", ""),
                content.length, BUCKET,
                () -> "unchanged/copy.tif", "image/tiff");

        sink.write(content);
        StoredObject stored = sink.commit(Map.of("sha256", hex(content)));

        HeadObjectResponse head = s3.headObject(h -> h.bucket(BUCKET).key("unchanged/copy.tif"));
        assertThat(stored.size()).isEqualTo(content.length);
        assertThat(head.metadata()).containsExactly(Map.entry("sha256", hex(content)));
        assertThat(head.contentType()).isEqualTo("image/tiff");
        assertThat(s3.getObjectAsBytes(g -> g.bucket(BUCKET).key("unchanged/copy.tif")).asByteArray())
                .isEqualTo(content);
    }

    @Test
    void anUnchangedStreamWhoseOriginalWasOverwrittenSinceItWasReadIsNotCopied() throws Exception {
        String eTag = s3.putObject(p -> p.bucket(BUCKET).key("unchanged/overwritten.bin"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(random(1000, 6))).eTag();
        s3.putObject(p -> p.bucket(BUCKET).key("unchanged/overwritten.bin"),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(random(1000, 7)));
        ObjectSink sink = new ServerSideCopy(copier, BUCKET, "unchanged/overwritten.bin", eTag, 1000, BUCKET,
                () -> "unchanged/never.bin", null);

        assertThatThrownBy(() -> sink.commit(Map.of())).isInstanceOfSatisfying(S3Exception.class,
                e -> assertThat(e.statusCode()).isEqualTo(412));
        assertThat(s3.listObjectsV2(l -> l.bucket(BUCKET).prefix("unchanged/never")).contents()).isEmpty();
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

    // checksums: every write carries the SHA-256 of its bytes; whether a copy gets its own is found out once

    @Test
    void theLocalS3CarriesAChecksumOverACopyWithoutComputingOneAndTheProbeLeavesNothingBehind() {
        CopyChecksums checksums = new CopyChecksums(s3, "auto", BUCKET);

        assertThat(checksums.computed()).isFalse();
        assertThat(checksums.computed()).isFalse(); // found out once
        assertThat(s3.listObjectsV2(l -> l.bucket(BUCKET).prefix(".bucket-brigade/")).contents()).isEmpty();
    }

    @Test
    void theSettingDecidesWithoutAProbe() {
        assertThat(new CopyChecksums(s3, "computed", "no-such-bucket").computed()).isTrue();
        assertThat(new CopyChecksums(s3, "Carried", "no-such-bucket").computed()).isFalse();
        assertThatThrownBy(() -> new CopyChecksums(s3, "sometimes", BUCKET))
                .hasMessage("brigade.s3.copy-checksums is auto, computed or carried, not 'sometimes'");
    }

    @Test
    void aWrittenObjectCarriesItsSha256AndS3StoresIt() throws Exception {
        byte[] content = random(300_000, 7);
        MultipartWriter writer = new MultipartWriter(s3, copier, BUCKET, () -> "written/object.bin", 5 * MB, null);

        writer.write(content);
        writer.commit(Map.of());

        String sha256 = Checksums.sha256Hex(content);
        assertThat(writer.sha256()).isEqualTo(sha256);
        assertThat(new CopyChecksums(s3, "carried", BUCKET).stored(BUCKET, "written/object.bin"))
                .contains(new CopyChecksums.StoredChecksum(300_000, sha256));
    }

    @Test
    void theLocalS3KeepsNoChecksumForACopySoAVerifierFallsBackToReading() throws Exception {
        byte[] content = random(200_000, 8);
        MultipartWriter writer = new MultipartWriter(s3, copier, BUCKET, () -> "copied/from.bin", 5 * MB, null);
        writer.write(content);
        writer.commit(Map.of());

        CopyChecksums asked = new CopyChecksums(s3, "computed", BUCKET);
        new ObjectCopier(s3, 5 * MB, 5 * MB, asked)
                .copy(BUCKET, "copied/from.bin", BUCKET, "copied/to.bin", metadata -> metadata, null);

        // asked for one, AWS stores the SHA-256 it computed while copying; S3Proxy 4.1 stores none
        assertThat(new CopyChecksums(s3, "carried", BUCKET).stored(BUCKET, "copied/from.bin")).isPresent();
        assertThat(new CopyChecksums(s3, "carried", BUCKET).stored(BUCKET, "copied/to.bin")).isEmpty();
    }

    @Test
    void bytesThatArriveDifferentFromTheirChecksumAreRefusedAndNothingIsStored() {
        byte[] sent = "the bytes that arrive".getBytes();
        String checksumOfOthers = Checksums.s3Sha256(Checksums.sha256Hex("the bytes that were meant".getBytes()));

        assertThatThrownBy(() -> s3.putObject(p -> p.bucket(BUCKET).key("refused.txt").checksumSHA256(checksumOfOthers),
                RequestBody.fromBytes(sent)))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("BadDigest");
                });
        assertThat(ObjectHeads.find(s3, BUCKET, "refused.txt")).isEmpty();
    }

    @Test
    void aMultipartUploadSendsEachPartsChecksumAndItsWholeSha256IsNotTakenFromS3() throws Exception {
        byte[] content = random(11 * MB + 5, 9);
        MultipartWriter writer = new MultipartWriter(s3, copier, BUCKET, () -> "parts/object.bin", 5 * MB, null);

        writer.write(content);
        writer.commit(Map.of("sha256", Checksums.sha256Hex(content)));

        assertThat(s3.getObjectAsBytes(g -> g.bucket(BUCKET).key("parts/object.bin")).asByteArray()).isEqualTo(content);
        assertThat(writer.sha256()).isEqualTo(Checksums.sha256Hex(content));
        // S3 keeps a checksum of the parts' checksums (…-3), or none: never mistaken for the object's SHA-256
        assertThat(new CopyChecksums(s3, "computed", BUCKET).stored(BUCKET, "parts/object.bin")
                .map(CopyChecksums.StoredChecksum::sha256))
                .isIn(Optional.empty(), Optional.of(Checksums.sha256Hex(content)));
    }
}
