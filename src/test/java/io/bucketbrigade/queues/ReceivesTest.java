package io.bucketbrigade.queues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.support.BrigadeServerTest;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The messages of a receive, against ElasticMQ: kept invisible while held, however long, and returned once
 * released; on settling, those handled are deleted in one request and a failed one is left to return. The ingest
 * queue is used with its consumer stopped, and a visibility timeout of 2 s.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=receives", "brigade.watcher.enabled=false",
        "brigade.queues.ingest.visibility-timeout=2s"})
class ReceivesTest {

    @Autowired
    Receives receives;
    @Autowired
    SqsClient sqs;
    @Autowired
    BrigadeProperties names;
    @Autowired
    CamelContext camel;

    String queue;
    String url;

    @BeforeEach
    void takeTheQueueFromItsConsumer() throws Exception {
        camel.getRouteController().stopRoute("ingest-from-queue");
        queue = names.queues().get("ingest").name();
        url = sqs.getQueueUrl(g -> g.queueName(queue)).queueUrl();
    }

    @Test
    void aHeldReceiveStaysInvisibleBeyondItsTimeoutAndReturnsOnceReleased() {
        String body = "held " + System.nanoTime();
        sqs.sendMessage(m -> m.queueUrl(url).messageBody(body));
        List<ReceivedMessage> taken = receive(1);
        assertThat(taken).extracting(ReceivedMessage::body).containsExactly(body);

        Receives.Hold hold = receives.hold(taken);
        try {
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> receive(10).isEmpty());
        } finally {
            receives.release(hold);
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> receive(10), m -> m.stream()
                .anyMatch(r -> r.body().equals(body)));
    }

    @Test
    void settlingDeletesTheHandledInOneRequestAndLeavesTheFailedToReturn() {
        for (String body : List.of("done", "also done", "failed")) {
            sqs.sendMessage(m -> m.queueUrl(url).messageBody(body));
        }
        List<ReceivedMessage> taken = await().atMost(Duration.ofSeconds(10)).until(() -> receive(10),
                m -> m.size() == 3);
        Receives.Hold hold = receives.hold(taken);

        Receives.Settled settled = receives.settle(hold, taken.stream().map(m -> switch (m.body()) {
            case "done", "also done" -> MessageOutcome.done(m);
            default -> MessageOutcome.left(m, "S3 was away");
        }).toList());
        receives.release(hold);

        assertThat(settled).isEqualTo(new Receives.Settled(2, 1, 0));
        List<ReceivedMessage> returned = await().atMost(Duration.ofSeconds(10)).until(() -> receive(10),
                m -> !m.isEmpty());
        assertThat(returned).extracting(ReceivedMessage::body).containsExactly("failed");
        Receives.Hold again = receives.hold(returned);
        receives.settle(again, List.of(MessageOutcome.done(returned.get(0))));
        receives.release(again);
    }

    @Test
    void sendingPutsEveryMessageOnTheQueueTenToARequestAndNamesThoseNotTaken() {
        List<String> bodies = IntStream.range(0, 12).mapToObj(i -> "request " + i).toList();

        assertThat(receives.send(queue, bodies)).as("positions not taken").isEmpty();
        assertThat(receives.send("no-such-queue-" + System.nanoTime(), List.of("lost?", "lost?")))
                .as("a queue that is not there takes none").containsExactly(0, 1);

        List<String> arrived = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<ReceivedMessage> taken = receive(10);
            taken.forEach(m -> arrived.add(m.body()));
            Receives.Hold hold = receives.hold(taken);
            receives.settle(hold, taken.stream().map(MessageOutcome::done).toList());
            receives.release(hold);
            return arrived.size() >= bodies.size();
        });
        assertThat(arrived).containsExactlyInAnyOrderElementsOf(bodies);
    }

    /** What one receive gives now (no long poll; 2 s invisible), as the route's consumer would hand it over. */
    private List<ReceivedMessage> receive(int most) {
        List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(most)
                .waitTimeSeconds(0).visibilityTimeout(2)).messages();
        return messages.stream().map(m -> receives.message(queue, m.messageId(), m.receiptHandle(), m.body()))
                .toList();
    }
}
