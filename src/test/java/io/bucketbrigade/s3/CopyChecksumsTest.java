package io.bucketbrigade.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import io.bucketbrigade.checksum.Checksums;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What the server asks of S3 for checksums, against the local S3 (S3Proxy): every write carries the SHA-256 of its
 * bytes and S3 refuses bytes that arrive different; a copy's own checksum is found out once.
 */
class CopyChecksumsTest {

    static final int MB = 1024 * 1024;
    static final String BUCKET = "copy-checksums-test";

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
        byte[] content = MultipartWriterTest.random(300_000, 7);
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
        byte[] content = MultipartWriterTest.random(200_000, 8);
        MultipartWriter writer = new MultipartWriter(s3, copier, BUCKET, () -> "copied/from.bin", 5 * MB, null);
        writer.write(content);
        writer.commit(Map.of());

        copier.copy(BUCKET, "copied/from.bin", BUCKET, "copied/to.bin", metadata -> metadata, null);

        // AWS would store the SHA-256 it computed while copying; S3Proxy 4.1 stores none (metadata replaced)
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
        byte[] content = MultipartWriterTest.random(11 * MB + 5, 9);
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
