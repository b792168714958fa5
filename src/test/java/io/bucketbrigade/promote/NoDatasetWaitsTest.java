package io.bucketbrigade.promote;

import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.checksum.Checksums;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.MetadataStatus;
import io.bucketbrigade.records.ObjectLedger;
import io.bucketbrigade.records.ProductionStatus;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Fixtures;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Datasets that used to wait for ever without a verdict get one. A file refused at ingest changes its dataset's
 * state, so the dataset is checked again: a verdict made before the refusal never leaves the dataset waiting on
 * "changed since its last check", and a dataset whose every file was refused gets a verdict too. Two deposited files
 * that stand for one file of the dataset (a GEO-prefixed name beside the plain one) make it Invalid, naming both.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=nowait", "brigade.watcher.period=300ms"})
class NoDatasetWaitsTest {

    @Autowired
    S3Client s3;
    @Autowired
    ObjectLedger ledger;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    BrigadeProperties names;
    @Autowired
    CamelContext camel;
    @Autowired
    TestRestTemplate http;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void aFileRefusedAfterTheDatasetsValidCheckDoesNotHoldItsPublication() throws Exception {
        String experiment = Fixtures.experimentId();
        camel.getRouteController().stopRoute("promote-from-queue");
        try {
            Fixtures.tenxSample().forEach((name, bytes) -> put(experiment + "/s1/" + name, bytes));
            await().atMost(Duration.ofSeconds(90)).until(() -> experimentItem(experiment),
                    e -> e != null && e.status().processed() == MetadataStatus.VALID && e.checkedIsCurrent());

            // a stray file, refused by the profile, after the Valid check
            put(experiment + "/s1/notes.txt", utf8("what I did on the day"));
            await().atMost(Duration.ofSeconds(60)).until(() -> ledger.find(experiment, experiment + "/s1/notes.txt")
                    .map(LedgerEntry::state).orElse(null), LedgerEntry.State.REJECTED::equals);
        } finally {
            camel.getRouteController().startRoute("promote-from-queue");
        }

        JsonNode manifest = await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> manifest(experiment), m -> m.get("version").asInt() == 1);
        assertThat(manifest.get("files")).extracting(f -> f.get("key").asText()).containsExactlyInAnyOrder(
                "s1/barcodes.tsv.gz", "s1/features.tsv.gz", "s1/matrix.mtx.gz", "dataset_metadata.json");
        DatasetRecord item = await().atMost(Duration.ofSeconds(30)).until(() -> experimentItem(experiment),
                e -> e != null && ProductionStatus.PUBLISHED.equals(e.status().production()));
        assertThat(item.checkedIsCurrent()).as("the refusal was checked").isTrue();
        assertThat(item.counts().rejectedFiles()).isEqualTo(1);
    }

    @Test
    void aDatasetWhoseEveryFileWasRefusedGetsAVerdict() throws Exception {
        String experiment = Fixtures.experimentId();

        put(experiment + "/s1/notes.txt", utf8("no data here"));

        DatasetRecord item = await().atMost(Duration.ofSeconds(90))
                .until(() -> experimentItem(experiment), e -> e != null && e.checkedIsCurrent()
                        && ProductionStatus.held("the dataset is Missing").equals(e.status().production()));
        assertThat(item.status().processed()).isEqualTo(MetadataStatus.MISSING);
        assertThat(item.checks())
                .anySatisfy(c -> assertThat(c).contains("no file that passed ingest"));
        JsonNode dataset = http.getForObject("/api/datasets/" + experiment, JsonNode.class);
        assertThat(dataset.at("/files/rejected").asLong()).isEqualTo(1);
        assertThat(s3.listObjectsV2(l -> l.bucket(names.buckets().get("production")).prefix(experiment + "/"))
                .contents()).isEmpty();
    }

    @Test
    void twoFilesStandingForOneFileOfTheDatasetMakeItInvalidNamingBoth() throws Exception {
        String experiment = Fixtures.experimentId();
        String gsm = experiment + "/s1/GSM5000001_barcodes.tsv.gz";
        camel.getRouteController().stopRoute("promote-from-queue"); // no version published in between
        try {
            Fixtures.tenxSample().forEach((name, bytes) -> put(experiment + "/s1/" + name, bytes));
            put(gsm, Fixtures.gzip("C1\nC2\n"));
            await().atMost(Duration.ofSeconds(90)).until(() -> ledger.find(experiment, gsm).map(LedgerEntry::state)
                    .orElse(null), LedgerEntry.State.COPIED::equals);
            await().atMost(Duration.ofSeconds(90)).until(() -> experimentItem(experiment),
                    e -> e != null && e.checkedIsCurrent() && e.status().processed() == MetadataStatus.INVALID);
        } finally {
            camel.getRouteController().startRoute("promote-from-queue");
        }

        DatasetRecord item = await().atMost(Duration.ofSeconds(90))
                .until(() -> experimentItem(experiment), e -> e != null && e.checkedIsCurrent()
                        && ProductionStatus.held("the dataset is Invalid").equals(e.status().production()));
        assertThat(item.checks()).anySatisfy(c -> assertThat(c).isEqualTo(
                experiment + "/s1/GSM5000001_barcodes.tsv.gz and " + experiment + "/s1/barcodes.tsv.gz both stand"
                        + " for " + experiment + "/s1/barcodes.tsv.gz; keep one of them."));
        assertThat(s3.listObjectsV2(l -> l.bucket(names.buckets().get("production")).prefix(experiment + "/"))
                .contents()).isEmpty();
    }

    @Test
    void aFileDepositedAgainWithBytesItHadBeforeIsProcessedAndPublishedAgain() throws Exception {
        String experiment = Fixtures.experimentId();
        String barcodes = experiment + "/s1/barcodes.tsv.gz";
        Map<String, byte[]> sample = Fixtures.tenxSample();
        sample.forEach((name, bytes) -> put(experiment + "/s1/" + name, bytes));
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> manifest(experiment),
                m -> m.get("version").asInt() == 1);

        put(barcodes, Fixtures.gzip("B1\nB3\n"));
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> manifest(experiment),
                m -> m.get("version").asInt() == 2);
        put(barcodes, sample.get("barcodes.tsv.gz")); // back to the bytes of version 1

        JsonNode manifest = await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                .until(() -> manifest(experiment), m -> m.get("version").asInt() == 3);
        assertThat(manifest.get("files")).filteredOn(f -> f.get("key").asText().equals("s1/barcodes.tsv.gz"))
                .singleElement().satisfies(f -> assertThat(f.get("sha256").asText())
                        .isEqualTo(Checksums.sha256Hex(sample.get("barcodes.tsv.gz"))));
        DatasetRecord item = experimentItem(experiment);
        assertThat(item.checkedIsCurrent()).as("checked in its last state").isTrue();
        assertThat(item.counts().processedFiles()).isEqualTo(item.counts().sourceFiles());
    }

    private void put(String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(names.buckets().get("original")).key(key), RequestBody.fromBytes(bytes));
    }

    private DatasetRecord experimentItem(String experiment) {
        return datasets.find(experiment).orElse(null);
    }

    private JsonNode manifest(String experiment) throws Exception {
        return json.readTree(s3.getObjectAsBytes(g -> g.bucket(names.buckets().get("production"))
                .key(experiment + "/manifest.json")).asByteArray());
    }
}
