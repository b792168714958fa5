package io.bucketbrigade.promote;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Deposits;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.TemporaryFolders;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A dataset is considered for publication only once its deposit is complete: a 10x experiment whose samples arrive
 * one after the other within its quiet period is published once, whole, after the quiet period (a wake-up asks the
 * gate again, as nothing else would); a file arriving later makes a new version; a profile with a marker file
 * publishes nothing until the depositor's (empty) marker arrives. The shipped profiles plus {@code lab}, whose
 * marker is {@code _SUCCESS}; quiet periods are shortened to {@link #SETTLE} ({@code brigade.promote.settle-at-most}).
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=complete", "brigade.watcher.period=300ms",
        "brigade.promote.settle-at-most=6s"})
class CompletenessAcceptanceTest {

    static final Duration SETTLE = Duration.ofSeconds(6);
    static final Path PROFILES = profilesWithLab();

    @DynamicPropertySource
    static void profiles(DynamicPropertyRegistry registry) {
        registry.add("brigade.profiles.directory", PROFILES::toString);
    }

    @Autowired
    S3Client s3;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    BrigadeProperties names;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void samplesArrivingWithinTheQuietPeriodArePublishedOnceWholeAndALateFileMakesANewVersion() throws Exception {
        String experiment = Fixtures.experimentId();

        putSample(experiment, "s1");
        DatasetRecord settling = await().atMost(Duration.ofSeconds(30)).until(() -> datasets.find(experiment)
                .orElse(null), r -> r != null && r.status().production() != null
                && r.status().production().wire().startsWith("WAITING: receiving files"));
        assertThat(settling.status().production().wire()).contains("once none has arrived for 6s");
        putSample(experiment, "s2");

        JsonNode first = awaitManifest(experiment, 1);
        assertThat(first.get("files")).extracting(f -> f.get("key").asText()).containsExactlyInAnyOrder(
                "s1/barcodes.tsv.gz", "s1/features.tsv.gz", "s1/matrix.mtx.gz",
                "s2/barcodes.tsv.gz", "s2/features.tsv.gz", "s2/matrix.mtx.gz", "dataset_metadata.json");
        // the manifest is written first, then the dataset's record
        DatasetRecord published = await().atMost(Duration.ofSeconds(30)).until(() -> datasets.find(experiment)
                .orElseThrow(), r -> r.publishedVersion() == 1 && r.publishedAt() != null);
        assertThat(Duration.between(published.lastIngestedAt(), Instant.parse(published.publishedAt())))
                .as("published once no file had arrived for the quiet period").isGreaterThanOrEqualTo(SETTLE);
        assertThat(objects(experiment + "/v")).as("no version of s1 alone").allSatisfy(o -> assertThat(o.key())
                .startsWith(experiment + "/v1/"));

        putSample(experiment, "s3");

        JsonNode second = awaitManifest(experiment, 2);
        assertThat(second.get("files")).extracting(f -> f.get("key").asText()).contains("s3/matrix.mtx.gz");
    }

    @Test
    void aProfileWithAMarkerWaitsForItAndTakesItEmpty() throws Exception {
        String dataset = "lab-" + Fixtures.experimentId().substring(0, 12);
        put(dataset + "/a.txt", utf8("a\n"));
        put(dataset + "/b.txt", utf8("b\n"));

        DatasetRecord waiting = await().atMost(Duration.ofSeconds(30)).until(() -> datasets.find(dataset)
                .orElse(null), r -> r != null && r.status().production() != null
                && r.counts().processedFiles() == 2);
        await().atMost(Duration.ofSeconds(30)).until(() -> datasets.find(dataset).orElseThrow().status().production()
                .wire(), s -> s.startsWith("WAITING: no done file yet"));
        assertThat(waiting.status().processed().wire()).isEqualTo("Valid");
        assertThat(objects(dataset + "/")).as("nothing published before the marker").isEmpty();

        put(dataset + "/_SUCCESS", new byte[0]);

        JsonNode manifest = awaitManifest(dataset, 1);
        assertThat(manifest.get("files")).extracting(f -> f.get("key").asText())
                .contains("a.txt", "b.txt", "_SUCCESS");
        assertThat(datasets.find(dataset).orElseThrow().completeMarker()).isEqualTo(dataset + "/_SUCCESS");
    }

    private void putSample(String experiment, String sample) {
        String folder = experiment + "/" + sample + "/";
        put(folder + "barcodes.tsv.gz", gzip("AAAC-1\nAAAG-1\n"));
        put(folder + "genes.tsv", utf8("G1\tg1\nG2\tg2\nG3\tg3\n"));
        put(folder + "matrix.mtx", utf8(Deposits.TWO_CELL_MTX));
    }

    private void put(String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(names.buckets().get("original")).key(key), RequestBody.fromBytes(bytes));
    }

    private JsonNode awaitManifest(String dataset, int version) {
        return await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> json.readTree(
                s3.getObjectAsBytes(g -> g.bucket(names.buckets().get("production")).key(dataset + "/manifest.json"))
                        .asByteArray()), m -> m.get("version").asInt() == version);
    }

    private List<S3Object> objects(String prefix) {
        return s3.listObjectsV2(l -> l.bucket(names.buckets().get("production")).prefix(prefix)).contents();
    }

    /** The shipped profiles, and {@code lab}: any file, complete once its {@code _SUCCESS} marker is there. */
    private static Path profilesWithLab() {
        try {
            Path folder = TemporaryFolders.copyOf("profiles");
            Files.writeString(folder.resolve("lab.yaml"), """
                    name: lab
                    order: 5
                    description: Lab runs, complete once the instrument writes _SUCCESS
                    key: '^(?<dataset>lab-[a-z0-9]+)/(?<path>.+)$'
                    files:
                      - role: done
                        match: '^_SUCCESS$'
                      - role: data
                        match: '.+'
                    complete:
                      marker: done
                    """);
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
