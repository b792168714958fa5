package io.bucketbrigade.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.ServerProcess;
import io.bucketbrigade.support.SharedLocalStack;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged servers against one stack run a scheduled job once per tick, not twice: only the leader (the
 * holder of the 'jobs' lock in DynamoDB) fires it, and each tick is claimed before it runs. When the leader is
 * killed, the other instance takes over once the lease runs out, and still no tick runs twice. Runs after
 * `package` (failsafe).
 */
class JobsClusterIT {

    static final String ENV = "cluster";

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
    void aScheduledJobRunsOncePerTickAcrossTwoServersAndMovesWhenTheLeaderDies() throws Exception {
        LocalStackProcess stack = SharedLocalStack.get();
        for (String name : List.of("a", "b")) {
            servers.add(ServerProcess.start(stack, dir.resolve(name + ".log"), List.of("-Xmx384m"),
                    "--brigade.env=" + ENV, "--brigade.jobs.scheduling=false", "--brigade.jobs.verify.scheduled=true",
                    "--brigade.jobs.verify.cron=0/2 * * * * ?",
                    "--brigade.cluster.lease=3s"));
        }
        await().atMost(Duration.ofSeconds(180)).until(() -> servers.stream().allMatch(ServerProcess::isUp));

        try (MongoClient mongo = MongoClients.create(stack.mongodb())) {
            var history = mongo.getDatabase("brigade-" + ENV).getCollection("jobs");
            long before = runs(history).size();
            await().atMost(Duration.ofSeconds(60)).until(() -> runs(history).size() >= before + 6);

            List<Document> both = runs(history);
            assertThat(ticks(both)).as("one run per tick with both servers up").hasSameSizeAs(both);
            ServerProcess leader = leader();
            ServerProcess follower = servers.get(servers.indexOf(leader) == 0 ? 1 : 0);
            assertThat(Files.readString(follower.log())).doesNotContain("Job verify started");

            leader.kill();
            long afterKill = runs(history).size();
            await().atMost(Duration.ofSeconds(60)).until(() -> runs(history).size() >= afterKill + 4);

            List<Document> all = runs(history);
            assertThat(ticks(all)).as("one run per tick, before and after the leader died").hasSameSizeAs(all);
            assertThat(all.stream().map(run -> run.getString("instance")).distinct()).as("runs by both instances")
                    .hasSize(2);
            assertThat(Files.readString(follower.log())).contains("Leader of 'jobs' is now this instance")
                    .contains("Job verify started (schedule)");
        }
    }

    private static List<Document> runs(com.mongodb.client.MongoCollection<Document> history) {
        return history.find(new Document("job", "verify").append("trigger", "schedule")).into(new ArrayList<>());
    }

    private static Set<String> ticks(List<Document> runs) {
        return runs.stream().map(run -> run.get("parameters", Document.class).getString("tick"))
                .collect(Collectors.toSet());
    }

    private ServerProcess leader() throws Exception {
        List<ServerProcess> leaders = new ArrayList<>();
        for (ServerProcess server : servers) {
            if (Files.readString(server.log()).contains("Leader of 'jobs' is now this instance")) {
                leaders.add(server);
            }
        }
        assertThat(leaders).as("exactly one leader").hasSize(1);
        return leaders.get(0);
    }
}
