package io.bucketbrigade.promote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.bucketbrigade.checksum.Checksums;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.s3.CopyChecksums;
import io.bucketbrigade.s3.MultipartWriter;
import io.bucketbrigade.s3.ObjectCopier;
import io.bucketbrigade.s3.ObjectHeads;
import io.bucketbrigade.support.RequestLog;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A file copied to production is verified both ways the store allows, against the local S3: by the SHA-256 S3
 * stores for the copy, without reading it (where S3 computes one when it copies, as AWS does: {@code computed}), or
 * by reading it back ({@code carried}, S3Proxy's way).
 */
class VerifiedCopierTest {

    static final String PROCESSED = "verified-copier-processed";
    static final String PRODUCTION = "verified-copier-production";
    static final BrigadeProperties NAMES = new BrigadeProperties("brigade", "verified-copier-test",
            Map.of("processed", PROCESSED, "production", PRODUCTION), Map.of(), Map.of(), "unused", Map.of());

    /** Each S3 operation the copier asks for, by name. */
    static final RequestLog requests = new RequestLog();
    static StackClients clients;
    static S3Client s3;

    @BeforeAll
    static void buckets() {
        clients = new StackClients(SharedLocalStack.get(), requests);
        s3 = clients.s3();
        s3.createBucket(b -> b.bucket(PROCESSED));
        s3.createBucket(b -> b.bucket(PRODUCTION));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    /** An object written as the hops write: with its SHA-256, which S3 stores. */
    static void write(String bucket, String key, byte[] content, String sha256Metadata) throws Exception {
        ObjectCopier copier = new ObjectCopier(s3, 5L << 20, 5L << 20);
        MultipartWriter writer = new MultipartWriter(s3, copier, bucket, () -> key, 5 << 20, null);
        writer.write(content);
        writer.commit(Map.of("sha256", sha256Metadata));
    }

    /** A file in processed as the hops leave it. */
    static Manifest.File processedFile(String key, byte[] content) throws Exception {
        write(PROCESSED, key, content, Checksums.sha256Hex(content));
        return new Manifest.File(key, key, content.length, Checksums.sha256Hex(content));
    }

    static VerifiedCopier copier(String copyChecksums) {
        return new VerifiedCopier(s3, new ObjectCopier(s3, 5L << 20, 5L << 20),
                new CopyChecksums(s3, copyChecksums, PROCESSED), NAMES);
    }

    /** A file of a new version; {@code targetTaken}: the planner's listing found an object at its target. */
    static VersionPlan.FileCopy copy(Manifest.File file, String target, boolean targetTaken) {
        return new VersionPlan.FileCopy(PromoteRequest.of("verified-copier"), file, target, 1, null, targetTaken);
    }

    @Test
    void whereS3DoesNotComputeACopysChecksumTheCopyIsReadBack() throws Exception {
        byte[] content = "a file".repeat(1000).getBytes();
        Manifest.File file = processedFile("carried/ok.bin", content);
        requests.clear();

        Manifest.File published = copier("carried").copy(copy(file, "carried/v1/ok.bin", false));
        List<String> asked = List.copyOf(requests.operations());

        assertThat(published).isEqualTo(new Manifest.File(file.key(), "carried/v1/ok.bin", content.length,
                Checksums.sha256Hex(content)));
        assertThat(s3.getObjectAsBytes(g -> g.bucket(PRODUCTION).key("carried/v1/ok.bin")).asByteArray())
                .isEqualTo(content);
        assertThat(asked).as("the source's metadata, the copy, the read back; nothing asked of a target the "
                + "planner found free").containsExactly("HeadObject", "CopyObject", "GetObject");
    }

    /**
     * S3Proxy keeps no checksum for a copy, so the copy AWS would have checksummed is stood in for by an object
     * already in production, written with its checksum: the copier finds it there and verifies it by what S3
     * stores, without a copy or a read.
     */
    @Test
    void whereS3ComputesACopysChecksumTheCopyIsVerifiedByItWithoutARead() throws Exception {
        byte[] content = "another file".repeat(1000).getBytes();
        Manifest.File file = processedFile("computed/ok.bin", content);
        write(PRODUCTION, "computed/v1/ok.bin", content, file.sha256());
        requests.clear();

        Manifest.File published = copier("computed").copy(copy(file, "computed/v1/ok.bin", true));

        assertThat(published.sha256()).isEqualTo(Checksums.sha256Hex(content));
        assertThat(requests.operations()).containsExactly("HeadObject", "HeadObject");
    }

    @ParameterizedTest
    @ValueSource(strings = {"computed", "carried"})
    void anObjectInProductionWhoseBytesAreNotWhatItsMetadataClaimsIsDeletedAndFailsThePublication(String setting)
            throws Exception {
        byte[] content = ("the file for " + setting).getBytes();
        byte[] other = ("THE FILE FOR " + setting).getBytes();
        Manifest.File file = processedFile(setting + "/claimed.bin", content);
        write(PRODUCTION, setting + "/v1/claimed.bin", other, file.sha256()); // same size, metadata says the SHA

        assertThatThrownBy(() -> copier(setting).copy(copy(file, setting + "/v1/claimed.bin", true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Verification of s3://" + PRODUCTION + "/" + setting + "/v1/claimed.bin failed")
                .hasMessageContaining("SHA-256 " + Checksums.sha256Hex(other));
        assertThat(ObjectHeads.find(s3, PRODUCTION, setting + "/v1/claimed.bin")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"computed", "carried"})
    void aCopyThatIsNotWhatTheManifestSaysIsDeletedAndFailsThePublication(String setting) throws Exception {
        byte[] content = ("another file for " + setting).getBytes();
        Manifest.File file = processedFile(setting + "/bad.bin", content);
        Manifest.File expected = new Manifest.File(file.key(), file.object(), file.size(),
                Checksums.sha256Hex("what the catalogue recorded".getBytes()));

        assertThatThrownBy(() -> copier(setting).copy(copy(expected, setting + "/v1/bad.bin", false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Verification of s3://" + PRODUCTION + "/" + setting + "/v1/bad.bin failed")
                .hasMessageContaining("SHA-256 " + Checksums.sha256Hex(content));
        assertThat(ObjectHeads.find(s3, PRODUCTION, setting + "/v1/bad.bin")).isEmpty();
    }
}
