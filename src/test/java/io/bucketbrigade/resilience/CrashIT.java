package io.bucketbrigade.resilience;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.bucketbrigade.support.BulkDeposit;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.ServerProcess;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kills the packaged server with SIGKILL at random points of a bulk ingest, restarts it each time, and checks
 * that every valid object still reached production once, with no record or lineage step twice and the originals
 * untouched. Short by default (200 objects, 3 kills); {@code -Dbrigade.resilience.long=true} runs the full
 * 1,000 objects and 10 kills. {@code -Dbrigade.resilience.seed=N} replays a run. Runs after `package` (failsafe).
 */
class CrashIT {

    static final Logger log = LoggerFactory.getLogger(CrashIT.class);
    static final boolean LONG = Boolean.getBoolean("brigade.resilience.long");

    @TempDir
    Path dir;

    ServerProcess server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyValidObjectReachesProductionOnceAfterRepeatedKills() throws Exception {
        int objects = LONG ? 1000 : 200;
        int kills = LONG ? 10 : 3;
        long seed = Long.getLong("brigade.resilience.seed", System.nanoTime());
        log.info("Crash run: {} objects, {} kills, seed {}", objects, kills, seed);
        Random random = new Random(seed);
        String env = "crash" + Math.abs(seed % 10000);
        LocalStackProcess stack = SharedLocalStack.get();
        BulkDeposit deposit = new BulkDeposit(env, objects, objects / 25, seed);

        try (StackClients clients = new StackClients(stack); MongoClient mongo = MongoClients.create(stack.mongodb())) {
            MongoDatabase database = mongo.getDatabase("brigade-" + env);
            server = start(stack, env, 0);
            deposit.upload(clients.s3());

            // kill when a random share of the copies to source and processed is done, each later than the last
            long total = 2L * objects;
            long[] points = random.longs(kills, total / 20, total * 19 / 20).sorted().toArray();
            log.info("Kill points (of {} steps): {}", total, Arrays.toString(points));
            for (int i = 0; i < kills; i++) {
                long point = points[i];
                await().atMost(Duration.ofMinutes(5)).until(() -> BulkDeposit.progress(database) >= point);
                server.kill();
                log.info("Kill {} at {} steps", i + 1, BulkDeposit.progress(database));
                server = start(stack, env, i + 1);
            }

            await().atMost(Duration.ofMinutes(LONG ? 20 : 8)).pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        deposit.assertPublished(clients.s3());
                        deposit.assertSettled(clients.sqs());
                    });
            deposit.assertOutcome(clients.s3(), database);
        }
    }

    /**
     * A server whose leases and message timeouts are short, so work a killed instance held is taken over in
     * seconds rather than minutes.
     */
    private ServerProcess start(LocalStackProcess stack, String env, int n) {
        ServerProcess started = ServerProcess.start(stack, dir.resolve("server-" + n + ".log"), List.of("-Xmx384m"),
                "--brigade.env=" + env, "--brigade.jobs.scheduling=false", "--brigade.watcher.period=500ms",
                "--brigade.ingest.lease=10s", "--brigade.ingest.busy-wait=2s",
                "--brigade.queues.ingest.visibility-timeout=10s", "--brigade.queues.enrich.visibility-timeout=10s",
                "--brigade.queues.dataset-checks.visibility-timeout=10s",
                "--brigade.queues.promote.visibility-timeout=10s",
                "--brigade.queues.processed-events.visibility-timeout=10s");
        await().atMost(Duration.ofMinutes(3)).until(started::isUp);
        return started;
    }
}
