package io.bucketbrigade.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import io.bucketbrigade.support.BulkDeposit;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.ServerProcess;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Three packaged servers on one stack share the queues: a bulk deposit is processed once in effect (one upload and
 * one step of each kind per object, every object published) with the work spread over the instances; a scheduled
 * job runs once per tick, only on the leader (the holder of the 'jobs' lock in DynamoDB), and moves to another
 * instance when the leader is killed. {@code -Dbrigade.resilience.long=true} deposits 1,000 objects instead of
 * 200. Runs after `package` (failsafe).
 */
class ScaleOutIT {

    static final Logger log = LoggerFactory.getLogger(ScaleOutIT.class);

    static final String ENV = "scaleout";

    /** What DynamoDbClusterView logs when this instance takes the jobs' leadership, and when it steps down. */
    static final String LEADS = "Leader of 'jobs' is now this instance";
    static final String STEPPED_DOWN = "Lost the leadership of 'jobs'";

    @TempDir
    Path dir;

    final List<ServerProcess> servers = new ArrayList<>();

    @AfterEach
    void stopServers() throws Exception {
        for (ServerProcess server : servers) {
            server.close();
        }
    }

    @Test
    void threeServersShareTheWorkAndRunEachScheduledTickOnce() throws Exception {
        LocalStackProcess stack = SharedLocalStack.get();
        for (String name : List.of("a", "b", "c")) {
            servers.add(ServerProcess.start(stack, dir.resolve(name + ".log"), List.of("-Xmx384m"),
                    "--brigade.env=" + ENV, "--brigade.watcher.period=500ms",
                    "--brigade.jobs.scheduling=false", "--brigade.jobs.s3-to-docdb.scheduled=true",
                    "--brigade.jobs.s3-to-docdb.cron=0/2 * * * * ?", "--brigade.cluster.lease=3s",
                    // a leader killed during a run leaves the job's lock to its lease: a short one frees it well
                    // within the minute the test gives the next leader for four runs (the default is that minute)
                    "--brigade.jobs.lease=6s"));
        }
        await().atMost(Duration.ofSeconds(180)).until(() -> servers.stream().allMatch(ServerProcess::isUp));
        log.info("Three servers up");
        int objects = Boolean.getBoolean("brigade.resilience.long") ? 1000 : 200;
        BulkDeposit deposit = new BulkDeposit(ENV, objects, objects / 25, 7);

        try (StackClients clients = new StackClients(stack); MongoClient mongo = MongoClients.create(stack.mongodb())) {
            MongoDatabase database = mongo.getDatabase("brigade-" + ENV);
            MongoCollection<Document> history = database.getCollection("jobs");
            deposit.upload(clients.s3());
            await().atMost(Duration.ofMinutes(8)).pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        deposit.assertPublished(clients.s3());
                        deposit.assertSettled(clients.sqs());
                    });

            log.info("{} objects published", objects);
            deposit.assertOutcome(clients.s3(), database);
            Map<String, Long> copiesByInstance = database.getCollection("lineage")
                    .find(new Document("step", "copied")).into(new ArrayList<>()).stream()
                    .collect(Collectors.groupingBy(e -> e.getString("instance"), Collectors.counting()));
            assertThat(copiesByInstance).as("ingest work shared: %s", copiesByInstance).hasSizeGreaterThanOrEqualTo(2);

            List<Document> ticks = runs(history);
            assertThat(ticks).as("the schedule fired while the deposit ran").isNotEmpty();
            assertThat(ticks(ticks)).as("one run per tick with three servers up").hasSameSizeAs(ticks);
            // a leader whose lease renewal came late on these two busy cores steps down and another takes over
            // (each says so in its log): the ticks above are still run once; a server that never led ran none
            ServerProcess leader = leader();
            for (ServerProcess other : servers) {
                String log = Files.readString(other.log());
                if (!log.contains(LEADS)) {
                    assertThat(log).doesNotContain("Job s3-to-docdb started");
                }
            }

            leader.kill();
            log.info("Leader killed");
            long afterKill = runs(history).size();
            await().atMost(Duration.ofSeconds(60)).until(() -> runs(history).size() >= afterKill + 4);

            List<Document> all = runs(history);
            assertThat(ticks(all)).as("one run per tick, before and after the leader died").hasSameSizeAs(all);
            assertThat(all.stream().map(run -> run.getString("instance")).distinct())
                    .as("runs by the leader that was killed and by the one after it").hasSizeGreaterThanOrEqualTo(2);
        }
    }

    private static List<Document> runs(MongoCollection<Document> history) {
        return history.find(new Document("job", "s3-to-docdb").append("trigger", "schedule")).into(new ArrayList<>());
    }

    private static Set<String> ticks(List<Document> runs) {
        return runs.stream().map(run -> run.get("parameters", Document.class).getString("tick"))
                .collect(Collectors.toSet());
    }

    /** The server that leads the jobs now: its last word on the leadership is that it took it. */
    private ServerProcess leader() throws Exception {
        List<ServerProcess> leaders = new ArrayList<>();
        for (ServerProcess server : servers) {
            String log = Files.readString(server.log());
            if (log.lastIndexOf(LEADS) > log.lastIndexOf(STEPPED_DOWN)) {
                leaders.add(server);
            }
        }
        assertThat(leaders).as("exactly one leader").hasSize(1);
        return leaders.get(0);
    }
}
