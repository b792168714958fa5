package io.bucketbrigade.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** HeadObject against the local S3: a missing or replaced object is an empty answer. */
class ObjectHeadsTest {

    static final String BUCKET = "object-heads-test";

    static StackClients clients;
    static S3Client s3;

    @BeforeAll
    static void bucket() {
        clients = new StackClients(SharedLocalStack.get());
        s3 = clients.s3();
        s3.createBucket(b -> b.bucket(BUCKET));
    }

    @AfterAll
    static void close() {
        clients.close();
    }

    @Test
    void theHeadOfAnObjectThatIsThere() {
        s3.putObject(p -> p.bucket(BUCKET).key("there.txt").metadata(java.util.Map.of("sha256", "x")),
                RequestBody.fromString("here"));

        assertThat(ObjectHeads.find(s3, BUCKET, "there.txt")).hasValueSatisfying(head -> {
            assertThat(head.contentLength()).isEqualTo(4);
            assertThat(head.metadata()).containsEntry("sha256", "x");
        });
    }

    @Test
    void nothingForAKeyWithoutAnObject() {
        assertThat(ObjectHeads.find(s3, BUCKET, "nowhere.txt")).isEmpty();
    }

    @Test
    void aVersionOnlyWhileItsETagHolds() {
        String first = s3.putObject(p -> p.bucket(BUCKET).key("version.txt"), RequestBody.fromString("one")).eTag();

        assertThat(ObjectHeads.findVersion(s3, BUCKET, "version.txt", first)).isPresent();
        assertThat(ObjectHeads.findVersion(s3, BUCKET, "version.txt", first.replace("\"", ""))).isPresent();

        s3.putObject(p -> p.bucket(BUCKET).key("version.txt"), RequestBody.fromString("two"));

        assertThat(ObjectHeads.findVersion(s3, BUCKET, "version.txt", first)).isEmpty();
        assertThat(ObjectHeads.findVersion(s3, BUCKET, "gone.txt", first)).isEmpty();
    }
}
