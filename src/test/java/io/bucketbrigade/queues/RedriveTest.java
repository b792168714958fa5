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
        String eTag = s3.putObject(p -> p.bucket(original()).key(key), RequestBody.fromBytes(Fixtures.gzip("B1\n")))
                .eTag().replace("\"", "");
        String event = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventTime\":"
                + "\"2026-11-23T10:00:00.000Z\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\""
                + original() + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":" + Fixtures.gzip("B1\n").length
                + ",\"eTag\":\"" + eTag + "\",\"sequencer\":\"0A\"}}}]}";
        sqs.sendMessage(m -> m.queueUrl(url(names.queues().get("ingest").deadLetterName())).messageBody(event));

        JsonNode listed = await().atMost(Duration.ofSeconds(60)).until(() -> http.getForObject(
                "/api/dead-letters?queue=ingest", JsonNode.class), l -> l.size() == 2);
        assertThat(listed).anySatisfy(letter -> {
            assertThat(letter.get("body").asText()).isEqualTo(garbage);
            assertThat(letter.get("queue").asText()).isEqualTo("ingest");
            assertThat(letter.at("/attributes/brigadeReason").asText()).startsWith("not JSON");
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
