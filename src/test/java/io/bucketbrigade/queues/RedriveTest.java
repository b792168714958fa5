package io.bucketbrigade.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.Jmx;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Dead letters as the operator on call meets them: listed with the reason each failed (API and JMX), re-driven by
 * filter after a dry run that moves nothing; a re-driven event is then ingested, and what the filter leaves out
 * stays in the dead-letter queue. The watcher is off: every event here is sent by the test.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=redrive", "brigade.watcher.enabled=false"})
class RedriveTest {

    @Autowired
    S3Client s3;
    @Autowired
    SqsClient sqs;
    @Autowired
    BrigadeProperties names;
    @Autowired
    TestRestTemplate http;
    @Value("${brigade.ops.jmx.port}")
    int jmxPort;

    @Test
    void deadLettersAreListedThenRedrivenByFilterAndTheRedrivenEventIsIngested() throws Exception {
        String garbage = "garbage " + System.nanoTime();
        sqs.sendMessage(m -> m.queueUrl(url(names.queues().get("ingest").name())).messageBody(garbage));
        // an event that failed while the stack was down: it waits in the dead-letter queue
        String key = Fixtures.experimentId() + "/s1/barcodes.tsv.gz";
        String event = event(key, Fixtures.gzip("B1\n"));
        sqs.sendMessage(m -> m.queueUrl(url(names.queues().get("ingest").deadLetterName())).messageBody(event));

        JsonNode listed = await().atMost(Duration.ofSeconds(60)).until(() -> http.getForObject(
                "/api/dead-letters?queue=ingest", JsonNode.class), l -> l.size() == 2);
        assertThat(listed).anySatisfy(letter -> {
            assertThat(letter.get("body").asText()).isEqualTo(garbage);
            assertThat(letter.get("queue").asText()).isEqualTo("ingest");
            assertThat(letter.at("/attributes/brigadeReason").asText()).startsWith("not JSON");
            assertThat(letter.at("/explanation/state").asText()).isEqualTo("REFUSED");
        });
        assertThat(listed).anySatisfy(letter -> {
            assertThat(letter.get("body").asText()).isEqualTo(event);
            assertThat(letter.at("/explanation/state").asText()).isEqualTo("PENDING");
            assertThat(letter.at("/explanation/detail").asText()).contains("not taken yet: s3://" + original() + "/"
                    + key);
        });

        JsonNode planned = http.postForObject("/api/jobs/redrive?dryRun=true", Map.of("queue", "ingest",
                "filter", key), JsonNode.class);
        assertThat(planned.get("operations")).hasSize(1);
        assertThat(http.getForObject("/api/dead-letters?queue=ingest", JsonNode.class)).as("dry run: none moved")
                .hasSize(2);
        assertThat(inSource(key)).isFalse();

        JsonNode redriven = http.postForObject("/api/jobs/redrive", Map.of("queue", "ingest", "filter", key),
                JsonNode.class);
        assertThat(redriven.at("/result/messages").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(60)).until(() -> inSource(key));
        JsonNode left = http.getForObject("/api/dead-letters?queue=ingest", JsonNode.class);
        assertThat(left).extracting(l -> l.get("body").asText()).containsExactly(garbage);

        try (Jmx jmx = Jmx.connect(jmxPort, null, null)) {
            ObjectName deadLetters = new ObjectName("io.bucketbrigade:type=DeadLetters");
            String[] lines = (String[]) jmx.connection().invoke(deadLetters, "list", new Object[] {"ingest"},
                    new String[] {"java.lang.String"});
            assertThat(lines).singleElement().asString().startsWith("ingest ").contains("not JSON").endsWith("| "
                    + garbage);
            String[] planByJmx = (String[]) jmx.connection().invoke(deadLetters, "redrive",
                    new Object[] {"ingest", garbage, true}, new String[] {"java.lang.String", "java.lang.String",
                            "boolean"});
            assertThat(planByJmx).singleElement().asString().startsWith("REDRIVE sqs://"
                    + names.queues().get("ingest").deadLetterName() + "/");
        }
        assertThat(http.getForObject("/api/dead-letters?queue=ingest", JsonNode.class)).hasSize(1);
    }

    /**
     * A message can reach its dead-letter queue although its work got done: its delete was lost in an outage, or its
     * last receipt ran out while another instance finished it. Such a letter is shown as done, and a re-drive drops
     * it instead of sending it again; a letter whose work is not done is still re-driven.
     */
    @Test
    void aLetterWhoseWorkIsDoneIsShownSoAndDroppedByARedrive() {
        String datasetId = Fixtures.experimentId();
        String key = datasetId + "/s1/barcodes.tsv.gz";
        String event = event(key, Fixtures.gzip("B2\n"));
        sqs.sendMessage(m -> m.queueUrl(url(names.queues().get("ingest").name())).messageBody(event));
        await().atMost(Duration.ofSeconds(60)).until(() -> inSource(key));
        String dlq = url(names.queues().get("ingest").deadLetterName());
        sqs.sendMessage(m -> m.queueUrl(dlq).messageBody(event));
        String checks = url(names.queues().get("dataset-checks").deadLetterName());
        sqs.sendMessage(m -> m.queueUrl(checks).messageBody(datasetId));
        String unknown = datasetId + "-unrecorded";
        sqs.sendMessage(m -> m.queueUrl(checks).messageBody(unknown));

        // done once the ingest confirms the object version, after its last record
        List<JsonNode> ingestLetters = await().atMost(Duration.ofSeconds(60)).until(() -> letters("ingest",
                datasetId), l -> l.size() == 1 && l.get(0).at("/explanation/state").asText().equals("DONE"));
        assertThat(ingestLetters.get(0).at("/explanation/detail").asText())
                .isEqualTo("every object version in it was taken (1)");
        // the dataset's check follows its ingest and enrich: until then its check letter is pending work
        List<JsonNode> checkLetters = await().atMost(Duration.ofSeconds(60)).until(() -> letters("dataset-checks",
                datasetId), l -> l.size() == 2 && l.stream().allMatch(letter -> letter.at("/explanation/state")
                        .asText().equals("DONE")));
        assertThat(checkLetters).extracting(l -> l.at("/explanation/detail").asText()).containsExactlyInAnyOrder(
                datasetId + " waits on no dataset-checks work", "no dataset " + unknown + " is recorded: nothing to do");

        JsonNode redriven = http.postForObject("/api/jobs/redrive", Map.of("filter", datasetId), JsonNode.class);

        assertThat(redriven.at("/result/messages").asInt()).isZero();
        assertThat(redriven.at("/result/dropped").asInt()).isEqualTo(3);
        assertThat(redriven.get("operations")).allSatisfy(line -> assertThat(line.asText()).startsWith("DROP sqs://"));
        assertThat(letters("ingest", datasetId)).isEmpty();
        assertThat(letters("dataset-checks", datasetId)).isEmpty();
    }

    @Test
    void anUnknownQueueIsNamedInTheError() {
        ResponseEntity<String> list = http.getForEntity("/api/dead-letters?queue=ingestion", String.class);
        ResponseEntity<String> redrive = http.postForEntity("/api/jobs/redrive", Map.of("queue", "ingestion"),
                String.class);

        String expected = "No queue 'ingestion' (queues: " + List.copyOf(names.queues().keySet()) + ")";
        assertThat(list.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(list.getBody()).contains(expected);
        assertThat(redrive.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(redrive.getBody()).contains(expected);
    }

    private List<JsonNode> letters(String queue, String containing) {
        List<JsonNode> found = new java.util.ArrayList<>();
        http.getForObject("/api/dead-letters?queue=" + queue, JsonNode.class).forEach(letter -> {
            if (letter.get("body").asText().contains(containing)) {
                found.add(letter);
            }
        });
        return found;
    }

    /** Puts the object in the original bucket and returns its S3 event (the watcher is off: nothing else sends it). */
    private String event(String key, byte[] bytes) {
        String eTag = s3.putObject(p -> p.bucket(original()).key(key), RequestBody.fromBytes(bytes)).eTag()
                .replace("\"", "");
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventTime\":"
                + "\"2026-11-23T10:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\""
                + original() + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":" + bytes.length
                + ",\"eTag\":\"" + eTag + "\",\"sequencer\":\"0A\"}}}]}";
    }

    private boolean inSource(String key) {
        try {
            s3.headObject(h -> h.bucket(names.buckets().get("source")).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    private String original() {
        return names.buckets().get("original");
    }

    private String url(String queue) {
        return sqs.getQueueUrl(q -> q.queueName(queue)).queueUrl();
    }
}
