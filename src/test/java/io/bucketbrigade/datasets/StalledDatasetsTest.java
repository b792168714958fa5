package io.bucketbrigade.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.DatasetRecord;
import io.bucketbrigade.records.DatasetRecords;
import io.bucketbrigade.records.MetadataStatus;
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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A dataset that makes no progress is reported with what it waits on: in its API view, in health details, by the
 * brigade.datasets.stalled gauge and in the verify job's result; once it moves again, it is no longer reported. One
 * that a check moves on has its check asked for again.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=stalls", "brigade.watcher.period=300ms", "brigade.stall.after=2s",
        "brigade.stall.scan-period=500"})
class StalledDatasetsTest {

    @Autowired
    S3Client s3;
    @Autowired
    BrigadeProperties names;
    @Autowired
    CamelContext camel;
    @Autowired
    TestRestTemplate http;
    @Autowired
    DatasetRecords datasets;
    @Autowired
    SqsClient sqs;

    @Test
    void aDatasetWhoseCheckNeverRunsIsReportedWithWhatItWaitsOnUntilItMovesAgain() throws Exception {
        String experiment = Fixtures.experimentId();
        camel.getRouteController().stopRoute("check-datasets");
        try {
            Fixtures.tenxSample().forEach((name, bytes) -> put(experiment + "/s1/" + name, bytes));

            JsonNode stall = await().atMost(Duration.ofSeconds(90)).ignoreExceptions()
                    .until(() -> http.getForObject("/api/datasets/" + experiment, JsonNode.class).get("stalled"),
                            s -> s.path("reason").asText().equals("CHECK_NOT_RUN"));
            assertThat(stall.get("detail").asText()).endsWith("and not checked yet");
            assertThat(stall.get("since").asText()).isNotBlank();

            JsonNode health = await().atMost(Duration.ofSeconds(30))
                    .until(() -> http.getForObject("/actuator/health", JsonNode.class),
                            h -> h.at("/components/stalledDatasets/details/datasets").has(experiment));
            assertThat(health.get("status").asText()).as("a stalled dataset does not take the server down")
                    .isEqualTo("UP");
            assertThat(health.at("/components/stalledDatasets/details/datasets/" + experiment + "/reason").asText())
                    .isEqualTo("CHECK_NOT_RUN");
            assertThat(http.getForObject("/actuator/prometheus", String.class))
                    .containsPattern("brigade_datasets_stalled\\{[^}]*reason=\"CHECK_NOT_RUN\"[^}]*} [1-9]");

            JsonNode run = http.postForObject("/api/jobs/verify", Map.of("dataset", experiment, "deep", "false"),
                    JsonNode.class);
            assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
            assertThat(run.at("/result/stalled/" + experiment + "/reason").asText()).isEqualTo("CHECK_NOT_RUN");

            // its check is asked for again when the stall is found, then less and less often: not at every scan
            Instant since = Instant.parse(stall.get("since").asText());
            await().atMost(Duration.ofSeconds(30)).until(() -> Instant.now().isAfter(since.plusSeconds(10)));
            String checks = sqs.getQueueUrl(q -> q.queueName(names.queues().get("dataset-checks").name()))
                    .queueUrl();
            int waiting = Integer.parseInt(sqs.getQueueAttributes(a -> a.queueUrl(checks).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                    .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
            // asked at 2 s, then each time the age doubled; every 500 ms it would be some 16 times by 10 s
            long age = Duration.between(since, Instant.now()).toMillis();
            int asked = 1 + (int) (Math.log((double) age / 2000) / Math.log(2));
            int requests = Fixtures.tenxSample().size(); // the enrich hop's: at most one a file
            assertThat(waiting).as("check requests waiting %d ms after the stall began", age)
                    .isBetween(asked, requests + asked);
        } finally {
            camel.getRouteController().startRoute("check-datasets");
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> http.getForObject("/api/datasets/" + experiment,
                JsonNode.class), d -> d.at("/status/production").asText().equals("PUBLISHED"));
        assertThat(http.getForObject("/api/datasets/" + experiment, JsonNode.class).get("stalled").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(30)).until(() -> !http.getForObject("/actuator/health", JsonNode.class)
                .at("/components/stalledDatasets/details/datasets").has(experiment));
    }

    @Test
    void aDatasetWhoseCheckRequestWasLostIsCheckedOnceTheScanFindsItStalled() {
        String experiment = Fixtures.experimentId();
        Fixtures.tenxSample().forEach((name, bytes) -> put(experiment + "/s1/" + name, bytes));
        DatasetRecord published = await().atMost(Duration.ofSeconds(90)).until(() -> datasets.find(experiment)
                .orElse(null), d -> d != null && ProductionStatus.PUBLISHED.equals(d.status().production()));

        datasets.changed(experiment); // as an external output does, its check request then lost

        DatasetRecord checked = await().atMost(Duration.ofSeconds(30)).until(() -> datasets.find(experiment)
                .orElseThrow(), DatasetRecord::checkedIsCurrent);
        assertThat(checked.checkedVersion()).isEqualTo(published.changeVersion() + 1);
        assertThat(checked.status().processed()).isEqualTo(MetadataStatus.VALID);
        assertThat(http.getForObject("/api/datasets/" + experiment, JsonNode.class).get("stalled").isNull())
                .isTrue();
    }

    private void put(String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(names.buckets().get("original")).key(key), RequestBody.fromBytes(bytes));
    }
}
