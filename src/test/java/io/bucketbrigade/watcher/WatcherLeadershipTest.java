package io.bucketbrigade.watcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.bucketbrigade.ingest.ObjectEvent;
import io.bucketbrigade.ingest.S3EventParser;
import io.bucketbrigade.support.InProcessServer;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.master.MasterConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Two servers on one stack: only the leader lists the watched bucket; when it stops, the other takes over and goes
 * on from what was recorded, so every object is announced once, before and after the handover.
 */
class WatcherLeadershipTest {

    static final String ROUTE = "watch-original-bucket";
    static final String BUCKET = "watcher-leadership";
    static final String QUEUE = "watcher-leadership-announced";

    final List<InProcessServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(InProcessServer::close);
    }

    static String[] args(String... more) {
        List<String> args = new ArrayList<>(List.of("--brigade.env=watchers", "--brigade.watcher.enabled=true",
                "--brigade.watcher.period=300ms", "--brigade.cluster.lease=2s",
                "--brigade.watcher.watches[0].bucket=" + BUCKET, "--brigade.watcher.watches[0].queue=" + QUEUE));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    static boolean leads(InProcessServer server) {
        return ((MasterConsumer) camel(server).getRoute(ROUTE).getConsumer()).isMaster();
    }

    static CamelContext camel(InProcessServer server) {
        return server.bean(CamelContext.class);
    }

    static long listings(InProcessServer server) throws Exception {
        return camel(server).getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute(ROUTE).getExchangesTotal();
    }

    @Test
    void onlyTheLeaderListsAndANewLeaderAnnouncesNothingTwice() throws Exception {
        try (StackClients clients = new StackClients(SharedLocalStack.get())) {
            clients.s3().createBucket(b -> b.bucket(BUCKET));
            String queue = clients.sqs().createQueue(q -> q.queueName(QUEUE)).queueUrl();
            servers.add(InProcessServer.start(args()));
            servers.add(InProcessServer.start(args("--camel.main.name=brigade-b", "--spring.jmx.enabled=false",
                    "--brigade.ops.jmx.enabled=false")));
            InProcessServer leader = await().atMost(Duration.ofSeconds(30)).until(
                    () -> servers.stream().filter(WatcherLeadershipTest::leads).findFirst().orElse(null),
                    server -> server != null);
            InProcessServer follower = servers.get(0) == leader ? servers.get(1) : servers.get(0);

            List<String> announced = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                put(clients, "before/" + i + ".txt");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> receive(clients, queue, announced), n -> n >= 3);
            assertThat(leads(follower)).isFalse();
            assertThat(listings(follower)).as("the follower lists nothing").isZero();

            leader.close();
            servers.remove(leader);
            for (int i = 0; i < 3; i++) {
                put(clients, "after/" + i + ".txt");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> receive(clients, queue, announced), n -> n >= 6);
            assertThat(leads(follower)).isTrue();
            NotifyBuilder moreListings = new NotifyBuilder(camel(follower)).fromRoute(ROUTE).whenDone(3).create();
            assertThat(moreListings.matches(30, TimeUnit.SECONDS)).isTrue();
            receive(clients, queue, announced);

            assertThat(announced).containsExactlyInAnyOrder("before/0.txt", "before/1.txt", "before/2.txt",
                    "after/0.txt", "after/1.txt", "after/2.txt");
        }
    }

    static void put(StackClients clients, String key) {
        clients.s3().putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromString(key));
    }

    /** Takes every message waiting on the queue, adds its key to {@code announced}; the count so far. */
    static int receive(StackClients clients, String queue, List<String> announced) {
        List<Message> messages;
        do {
            messages = clients.sqs().receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            for (Message message : messages) {
                announced.add(parse(message.body()));
                clients.sqs().deleteMessage(d -> d.queueUrl(queue).receiptHandle(message.receiptHandle()));
            }
        } while (!messages.isEmpty());
        return announced.size();
    }

    static String parse(String body) {
        List<ObjectEvent> events = new S3EventParser().parse(body);
        assertThat(events).hasSize(1);
        return events.get(0).key();
    }
}
