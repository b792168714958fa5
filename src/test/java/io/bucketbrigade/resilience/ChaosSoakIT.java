package io.bucketbrigade.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.bucketbrigade.datasets.Stall;
import io.bucketbrigade.queues.ReceivedMessage;
import io.bucketbrigade.records.StoredItems;
import io.bucketbrigade.support.BulkDeposit;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.Jmx;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.ServerProcess;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import io.bucketbrigade.support.TcpProxy;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A chaos soak: three packaged servers on one stack, each reaching S3, DynamoDB, SQS and MongoDB through TCP proxies,
 * under a steady deposit (waves of small objects, a large one now and then, objects refused at ingest, a dataset
 * of files no reader can parse) while two of the servers are SIGKILLed and restarted and the services are cut
 * away in turn, at random. Afterwards: every valid object published once, every refused one rejected once with its rule, every
 * dataset with a verdict (none stalled beyond the stall scan asking for its check again), every dead letter explained (its work done after all), and the heap of the server never killed as
 * flat after GC as it was after the first wave. About 3 minutes of chaos; {@code -Dbrigade.resilience.long=true}
 * runs 30. The seed is logged; {@code -Dbrigade.resilience.seed=N} replays the same schedule. Runs after `package`
 * (failsafe).
 */
class ChaosSoakIT {

    static final Logger log = LoggerFactory.getLogger(ChaosSoakIT.class);
    static final boolean LONG = Boolean.getBoolean("brigade.resilience.long");
    static final Duration CHAOS = LONG ? Duration.ofMinutes(30) : Duration.ofMinutes(3);
    /** Whole enough to take the multipart path (the ingest part size is 8 MB). */
    static final int LARGE = 12 * 1024 * 1024;

    /** The servers' logs, kept under target/ for a failed run to be read. */
    Path dir;

    final List<ServerProcess> servers = new ArrayList<>();
    final List<TcpProxy> proxies = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (ServerProcess server : servers) {
            server.close();
        }
        proxies.forEach(TcpProxy::close);
    }

    @Test
    void underKillsAndCutsEveryObjectGetsItsOutcomeAndEveryDatasetItsVerdict() throws Exception {
        long seed = Long.getLong("brigade.resilience.seed", System.nanoTime());
        Random random = new Random(seed);
        String env = "chaos" + Math.abs(seed % 10000);
        dir = Files.createDirectories(Path.of("target", "chaos-soak", env));
        log.info("Chaos soak: {} of chaos, seed {}, server logs in {}", CHAOS, seed, dir.toAbsolutePath());
        LocalStackProcess stack = SharedLocalStack.get();
        LocalStackProcess.Ports direct = stack.ports();
        for (String service : List.of("s3", "dynamodb", "sqs", "mongodb")) {
            proxies.add(new TcpProxy(service, switch (service) {
                case "s3" -> direct.s3();
                case "dynamodb" -> direct.dynamodb();
                case "sqs" -> direct.sqs();
                default -> direct.mongodb();
            }));
        }
        LocalStackProcess.Ports proxied = new LocalStackProcess.Ports(proxies.get(0).port(), proxies.get(1).port(),
                proxies.get(2).port(), proxies.get(3).port());
        for (int i = 0; i < 3; i++) {
            servers.add(start(proxied, env, i, 0));
        }
        await().atMost(Duration.ofMinutes(4)).until(() -> servers.stream().allMatch(ServerProcess::isUp));

        List<BulkDeposit> waves = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        try (StackClients clients = new StackClients(stack); MongoClient mongo = MongoClients.create(stack.mongodb())) {
            MongoDatabase database = mongo.getDatabase("brigade-" + env);
            BulkDeposit first = wave(clients, env, 0, random, broken);
            waves.add(first);
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .untilAsserted(() -> first.assertPublished(clients.s3()));
            long warmHeap = heapAfterGc(servers.get(0));
            log.info("Heap of server 0 after GC, after the first wave: {} MiB", warmHeap >> 20);

            Instant end = Instant.now().plus(CHAOS);
            int[] restarts = new int[3];
            while (Instant.now().isBefore(end)) {
                waves.add(wave(clients, env, waves.size(), random, broken));
                if (random.nextBoolean()) {
                    int victim = 1 + random.nextInt(2); // server 0 runs throughout: its heap is watched
                    if (servers.get(victim).isUp()) { // one that is still starting is left to start
                        servers.get(victim).kill();
                        restarts[victim]++;
                        log.info("Killed server {}; restarting it", victim);
                        servers.set(victim, start(proxied, env, victim, restarts[victim]));
                    }
                } else {
                    TcpProxy service = proxies.get(random.nextInt(proxies.size()));
                    Duration outage = Duration.ofSeconds(2 + random.nextInt(7));
                    log.info("{} away for {}", service.name(), outage);
                    service.cut();
                    pause(outage);
                    service.restore();
                }
                pause(Duration.ofSeconds(3 + random.nextInt(8)));
            }
            log.info("Chaos over after {} waves; restarts {}", waves.size(), java.util.Arrays.toString(restarts));

            await().atMost(Duration.ofMinutes(4)).until(() -> servers.stream().allMatch(ServerProcess::isUp));
            await().atMost(Duration.ofMinutes(LONG ? 30 : 10)).pollInterval(Duration.ofSeconds(2))
                    .untilAsserted(() -> {
                        waves.forEach(w -> w.assertPublished(clients.s3()));
                        first.assertSettled(clients.sqs());
                    });

            for (BulkDeposit wave : waves) {
                wave.assertOutcome(clients.s3(), database);
            }
            // read before any assertion, so that a dataset without a verdict is reported with what was dead-lettered
            JsonNode letters = new ObjectMapper().readTree(servers.get(0).get("/api/dead-letters?limit=1000"));
            letters.forEach(letter -> log.info(describe(letter)));
            String experiments = "experiments-" + env;
            // a dataset whose check request was lost (dead-lettered, say) is found stalled and its check asked for
            // again (brigade.stall.after, 20 s here): each gets its verdict, and those asked again are logged
            List<Stall> stalled;
            try {
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2))
                        .until(() -> stalls(clients, experiments), List::isEmpty);
                stalled = List.of();
            } catch (ConditionTimeoutException e) {
                stalled = stalls(clients, experiments);
            }
            List<Stall> waiting = stalled;
            assertThat(waiting).as(() -> "every dataset of the run has a verdict (seed " + seed + ")\n"
                    + whatHappenedTo(waiting.stream().map(Stall::datasetId).toList(), letters)).isEmpty();
            List<String> askedAgain = checksAskedAgain();
            if (!askedAgain.isEmpty()) {
                log.warn("Checks asked for again by the stall scan: {}\n{}", askedAgain,
                        whatHappenedTo(askedAgain, letters));
            }
            for (String dataset : broken) {
                Map<String, AttributeValue> item = clients.dynamoDb().getItem(g -> g.tableName(experiments)
                        .key(Map.of("experimentId", AttributeValue.fromS(dataset)))).item();
                // as stored: the wire format Cellenics and operators read
                assertThat(item.get("status").m().get("processed").s()).as(dataset).isEqualTo("Invalid");
                assertThat(item.get("status").m().get("production").s()).as(dataset)
                        .isEqualTo("HELD: the dataset is Invalid");
            }
            long endHeap = heapAfterGc(servers.get(0));
            log.info("Heap of server 0 after GC, at the end: {} MiB (after the first wave: {} MiB)", endHeap >> 20,
                    warmHeap >> 20);
            assertThat(endHeap).as("heap after GC stays flat across the run").isLessThan(warmHeap * 3 / 2 + (32 << 20));
            // a kill or a cut can send a message to its dead-letter queue after its work was done (its delete
            // lost, its last receipt run out while another server finished it): each letter must say so
            assertThat(letters).as("dead letters whose work is not done").allSatisfy(letter ->
                    assertThat(letter.at("/explanation/state").asText()).isEqualTo("DONE"));
        }
    }

    /**
     * One wave of the deposit: small objects over two datasets with two that break a naming rule, a large object
     * every third wave, and a dataset of files no reader can parse (Invalid, never stalled).
     */
    private BulkDeposit wave(StackClients clients, String env, int n, Random random, List<String> broken)
            throws Exception {
        BulkDeposit wave = new BulkDeposit(env, "w" + n, LONG ? 30 : 12, 2, random.nextLong());
        if (n % 3 == 1) {
            wave.valid.put("w" + n + "-d1/large.bin", Fixtures.random(LARGE, random));
        }
        wave.upload(clients.s3());
        String dataset = "w" + n + "-bad";
        Map<String, byte[]> bad = Map.of("broken.json", Fixtures.utf8("{\"cells\": [1, 2, "),
                "deep.json", Fixtures.deepJson(100_000), "loop.tif", Fixtures.tiffLoop(65_535),
                "past-end.tif", Fixtures.tiffHeader(1L << 30),
                "huge.npy", Fixtures.npy("(99999999999, 99999999999)", 0));
        bad.forEach((name, bytes) -> clients.s3().putObject(p -> p.bucket(wave.bucket("original"))
                .key(dataset + "/" + name), RequestBody.fromBytes(bytes)));
        broken.add(dataset);
        log.info("Wave {} deposited", n);
        return wave;
    }

    /** Short leases and message timeouts: what a killed instance held is taken over in seconds. */
    private ServerProcess start(LocalStackProcess.Ports ports, String env, int server, int restart) {
        return ServerProcess.start(ports, dir.resolve("server-" + server + "-" + restart + ".log"),
                List.of("-Xmx384m"), "--brigade.env=" + env, "--brigade.jobs.scheduling=false",
                "--brigade.watcher.period=500ms", "--brigade.cluster.lease=3s",
                "--brigade.ingest.lease=10s", "--brigade.ingest.busy-wait=2s",
                "--brigade.queues.ingest.visibility-timeout=10s", "--brigade.queues.enrich.visibility-timeout=10s",
                "--brigade.queues.dataset-checks.visibility-timeout=10s",
                "--brigade.queues.promote.visibility-timeout=10s",
                "--brigade.queues.processed-events.visibility-timeout=10s",
                "--brigade.stall.after=20s", "--brigade.stall.scan-period=5000");
    }

    /**
     * For a failed run, read where the test stops (the servers' logs stay on the machine that ran it): the dead
     * letters, and what the servers logged about each dataset that has no verdict.
     */
    private String whatHappenedTo(List<String> datasets, JsonNode letters) {
        StringBuilder report = new StringBuilder();
        letters.forEach(letter -> report.append(describe(letter)).append('\n'));
        for (String dataset : datasets) {
            report.append(dataset).append(":\n");
            serverLogLines(line -> line.contains(dataset + "/") || line.contains(dataset + ":")
                    || line.contains(dataset + " ")).forEach(line -> report.append(line).append('\n'));
        }
        return report.toString();
    }

    /** A dead letter as the API explains it: its queue, its body and whether its work got done. */
    private static String describe(JsonNode letter) {
        return "Dead letter of " + letter.get("queue").asText() + ": "
                + ReceivedMessage.excerpt(letter.get("body").asText(), 200) + " ("
                + letter.at("/explanation/state").asText() + ": " + letter.at("/explanation/detail").asText() + ")";
    }

    /** The datasets whose check the servers' stall scans asked for again. */
    private List<String> checksAskedAgain() {
        return serverLogLines(line -> line.contains("its check is asked for again")).stream()
                .map(line -> line.replaceAll(".* Dataset (\\S+) stalled .*", "$1")).distinct().toList();
    }

    /** The lines of the servers' logs that match, each after its log's name (cut to 240 characters). */
    private List<String> serverLogLines(Predicate<String> matching) {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path file : logs.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                Files.readAllLines(file).stream().filter(matching)
                        .map(line -> file.getFileName() + " " + line.substring(0, Math.min(240, line.length())))
                        .forEach(lines::add);
            }
        } catch (IOException e) {
            lines.add("(logs unreadable: " + e + ")");
        }
        return lines;
    }

    private static List<Stall> stalls(StackClients clients, String experiments) {
        return clients.dynamoDb().scanPaginator(s -> s.tableName(experiments)).items().stream()
                .flatMap(item -> Stall.of(StoredItems.dataset(item), Instant.now().plusSeconds(1), Duration.ZERO)
                        .stream()).toList();
    }

    /** Heap in use after a full GC, read over remote JMX as an operator would. */
    private static long heapAfterGc(ServerProcess server) throws Exception {
        try (Jmx jmx = Jmx.connect(server.jmxPort(), null, null)) {
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(jmx.connection(),
                    ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            memory.gc();
            return memory.getHeapMemoryUsage().getUsed();
        }
    }

    /** Lets the chaos last a while (the schedule's own time, not a wait for a condition). */
    private static void pause(Duration duration) {
        await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
    }
}
