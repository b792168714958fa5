package io.bucketbrigade.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.ingest.S3EventParserTest;
import io.bucketbrigade.records.Catalogue;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Fixtures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedFilterMBean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The processed-events and dataset-checks consumers take their queues a receive at a time, as the ingest and enrich
 * hops do: the messages handled are deleted together in one DeleteMessageBatch, and a poison message among them
 * still goes to the dead-letter queue with its reason, costing the others nothing; a dataset asked for several
 * times in one receive is checked once.
 */
@BrigadeServerTest
class ReceiveConsumersTest {

    @Autowired
    SqsClient sqs;
    @Autowired
    BrigadeProperties names;
    @Autowired
    CamelContext camel;
    @Autowired
    Catalogue catalogue;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TestRestTemplate http;

    @Test
    void theProcessedEventsOfOneReceiveAreDeletedTogetherAndAPoisonOneIsDeadLettered() throws Exception {
        String queue = names.queues().get("processed-events").name();
        String url = sqs.getQueueUrl(q -> q.queueName(queue)).queueUrl();
        String dataset = Fixtures.experimentId();
        // keys an S3 bucket could hold elsewhere but that leave their dataset: each a rejection, its message done
        List<String> keys = IntStream.range(0, 4).mapToObj(i -> dataset + "/../" + dataset + "-out/r" + i + ".rds")
                .toList();
        double deletesBefore = count("brigade.queue.delete.requests", Map.of("queue", queue));
        double deletedBefore = count("brigade.queue.settled", Map.of("queue", queue, "outcome", "deleted"));

        camel.getRouteController().stopRoute("processed-events");
        try {
            for (String key : keys) {
                sqs.sendMessage(m -> m.queueUrl(url).messageBody(S3EventParserTest.message(S3EventParserTest.record(
                        "ObjectCreated:Put", URLEncoder.encode(key, StandardCharsets.UTF_8),
                        "0123456789abcdef0123456789abcdef", "01").replace("\"orig\"", "\""
                        + names.buckets().get("processed") + "\""))));
            }
            sqs.sendMessage(m -> m.queueUrl(url).messageBody("poison for " + dataset));
        } finally {
            camel.getRouteController().startRoute("processed-events");
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> keys.stream().allMatch(key -> catalogue
                .rejections(null, null, null, 1000).stream().anyMatch(r -> key.equals(r.getString("key"))
                        && "path-traversal".equals(r.getString("rule")))));
        JsonNode letter = await().atMost(Duration.ofSeconds(60)).until(() -> deadLetter("poison for " + dataset),
                l -> l != null);
        assertThat(letter.at("/attributes/brigadeReason").asText()).as("the reason, with the letter").isNotBlank();
        await().atMost(Duration.ofSeconds(60)).until(() -> empty(url));

        assertThat(count("brigade.queue.settled", Map.of("queue", queue, "outcome", "deleted")) - deletedBefore)
                .as("the four events and the poison message, dead-lettered").isEqualTo(5);
        assertThat(count("brigade.queue.delete.requests", Map.of("queue", queue)) - deletesBefore)
                .as("one DeleteMessageBatch a receive (the two consumers may share the five)").isBetween(1.0, 2.0);
    }

    /**
     * The enrich hop asks for a dataset's check once per receive of its own; asked again by its next receives, the
     * same dataset often comes several times in one receive of the dataset-checks queue, and is checked once.
     */
    @Test
    void aDatasetAskedForSeveralTimesInOneReceiveIsCheckedOnce() throws Exception {
        String url = sqs.getQueueUrl(q -> q.queueName(names.queues().get("dataset-checks").name())).queueUrl();
        String dataset = Fixtures.experimentId();
        ManagedFilterMBean firstInReceive = camel.getCamelContextExtension()
                .getContextPlugin(ManagedCamelContext.class)
                .getManagedProcessor("dataset-first-in-receive", ManagedFilterMBean.class);
        long skippedBefore = firstInReceive.getExchangesTotal() - firstInReceive.getFilteredCount();

        camel.getRouteController().stopRoute("check-datasets");
        try {
            for (int i = 0; i < 10; i++) {
                sqs.sendMessage(m -> m.queueUrl(url).messageBody(dataset));
            }
        } finally {
            camel.getRouteController().startRoute("check-datasets");
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> empty(url));
        long skipped = firstInReceive.getExchangesTotal() - firstInReceive.getFilteredCount() - skippedBefore;
        assertThat(skipped).as("checked once a receive (the two consumers may share the ten)").isBetween(5L, 9L);
    }

    private JsonNode deadLetter(String body) {
        for (JsonNode letter : http.getForObject("/api/dead-letters?queue=processed-events", JsonNode.class)) {
            if (body.equals(letter.path("body").asText())) {
                return letter;
            }
        }
        return null;
    }

    private boolean empty(String url) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(a -> a.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().allMatch("0"::equals);
    }

    private double count(String name, Map<String, String> tags) {
        var search = meters.find(name);
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            search = search.tag(tag.getKey(), tag.getValue());
        }
        Counter counter = search.counter();
        return counter == null ? 0 : counter.count();
    }
}
