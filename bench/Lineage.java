import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.bson.Document;

/**
 * The benchmark's window on the lineage collection and the queues (compiled by bench/run against the MongoDB driver
 * from the local Maven repository; no Python driver needed).
 *
 * <pre>
 * java -cp JARS bench/Lineage.java wait URI DATABASE OBJECTS_TSV TIMEOUT_S STALL_S SQS_URL QUEUE[,QUEUE...]
 *     waits until every deposited key of OBJECTS_TSV (first column; the dataset is its first segment) was promoted
 *     to production and its dataset's manifest is of that version or newer; exit 0 when done, 3 on timeout or when
 *     nothing moved for STALL_S seconds. While any of the queues holds a message (ElasticMQ's queue attributes,
 *     asked every second) it prints their depths; it reads the lineage (a scan of the whole collection, which would
 *     take CPU from the stack being measured) only when they are all empty, at most every 5 s.
 * java -cp JARS bench/Lineage.java dump URI DATABASE OUT_TSV
 *     writes every lineage event as one TSV line (times in epoch milliseconds)
 * java -cp JARS bench/Lineage.java queued SQS_URL QUEUE COUNT TIMEOUT_S
 *     waits until at least COUNT messages wait on the queue; exit 0, or 3 on timeout
 * java -cp JARS bench/Lineage.java drained SQS_URL QUEUE TIMEOUT_S STALL_S
 *     waits until the queue holds no message, waiting, in flight or delayed (a consumer deletes a message once its
 *     work is recorded); exit 0, or 3 on timeout or when the count did not change for STALL_S seconds
 * </pre>
 */
public class Lineage {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: Lineage wait URI DB OBJECTS_TSV TIMEOUT STALL SQS_URL QUEUES | dump URI DB OUT"
                    + " | queued SQS_URL QUEUE COUNT TIMEOUT | drained SQS_URL QUEUE TIMEOUT STALL");
            System.exit(2);
        }
        switch (args[0]) {
            case "queued" -> System.exit(new Queues(args[1], new String[] {args[2]}).awaitWaiting(args[2],
                    Long.parseLong(args[3]), Long.parseLong(args[4])));
            case "drained" -> System.exit(new Queues(args[1], new String[] {args[2]}).awaitDrained(args[2],
                    Long.parseLong(args[3]), Long.parseLong(args[4])));
            default -> {
                // the commands on the lineage collection, below
            }
        }
        java.util.logging.Logger.getLogger("org.mongodb.driver").setLevel(java.util.logging.Level.WARNING);
        try (MongoClient client = MongoClients.create(args[1])) {
            MongoCollection<Document> lineage = client.getDatabase(args[2]).getCollection("lineage");
            switch (args[0]) {
                case "wait" -> System.exit(waitForAll(lineage, Path.of(args[3]), Long.parseLong(args[4]),
                        Long.parseLong(args[5]), new Queues(args[6], args[7].split(","))));
                case "dump" -> dump(lineage, Path.of(args[3]));
                default -> {
                    System.err.println("unknown command " + args[0]);
                    System.exit(2);
                }
            }
        }
    }

    private static int waitForAll(MongoCollection<Document> lineage, Path objectsFile, long timeoutS, long stallS,
            Queues queues) throws IOException, InterruptedException {
        // every deposited key, by dataset (the first segment of the key)
        Map<String, Set<String>> expected = new TreeMap<>();
        for (String line : Files.readAllLines(objectsFile)) {
            String key = line.split("\t")[0].trim();
            if (!key.isEmpty()) {
                expected.computeIfAbsent(key.substring(0, key.indexOf('/')), d -> new HashSet<>()).add(key);
            }
        }
        long start = System.currentTimeMillis();
        long lastChange = start;
        String lastState = "";
        long lastScan = 0;
        long lastPrint = 0;
        while (true) {
            String depths = queues.depths();
            long now = System.currentTimeMillis();
            if (!depths.isEmpty() || now - lastScan < 5000) {
                if (!depths.equals(lastState)) {
                    lastState = depths;
                    lastChange = now;
                }
                if (!depths.isEmpty() && now - lastPrint >= 5000) {
                    lastPrint = now;
                    System.out.printf("bench: %5ds  messages waiting or in flight: %s%n", (now - start) / 1000, depths);
                }
                if (now - start > timeoutS * 1000 || now - lastChange > stallS * 1000) {
                    System.out.println("bench: " + (now - start > timeoutS * 1000 ? "timed out" : "nothing moved")
                            + "; messages left: " + depths);
                    return 3;
                }
                Thread.sleep(1000);
                continue;
            }
            lastScan = now;
            long copied = lineage.countDocuments(Filters.eq("step", "copied"));
            long processed = lineage.countDocuments(Filters.eq("step", "processed"));
            long rejected = lineage.countDocuments(Filters.eq("step", "rejected"));
            // a deposited object is in production once it was promoted (its processed key is the original key in
            // the generic profile), and its dataset's manifest once a version at least as new was published
            Set<String> promoted = new HashSet<>();
            Map<String, Integer> promotedVersion = new HashMap<>();
            for (Document d : lineage.find(Filters.eq("step", "promoted"))
                    .projection(Projections.include("key", "datasetId", "target.version"))) {
                promoted.add(d.getString("key"));
                Document target = d.get("target", Document.class);
                int version = target == null ? 0 : target.getInteger("version", 0);
                promotedVersion.merge(String.valueOf(d.getString("datasetId")), version, Math::max);
            }
            Map<String, Integer> publishedVersion = new HashMap<>();
            long versions = 0;
            for (Document d : lineage.find(Filters.eq("step", "published"))
                    .projection(Projections.include("datasetId", "version"))) {
                versions++;
                publishedVersion.merge(d.getString("datasetId"), d.getInteger("version", 0), Math::max);
            }
            List<String> incomplete = new ArrayList<>();
            expected.forEach((dataset, keys) -> {
                boolean all = promoted.containsAll(keys);
                if (!all || publishedVersion.getOrDefault(dataset, 0) < promotedVersion.getOrDefault(dataset, 1)) {
                    incomplete.add(dataset + " (" + keys.stream().filter(promoted::contains).count() + " of "
                            + keys.size() + " promoted, manifest version " + publishedVersion.getOrDefault(dataset, 0)
                            + ")");
                }
            });
            long complete = expected.size() - incomplete.size();
            String state = copied + " " + processed + " " + rejected + " " + promoted.size() + " " + versions;
            System.out.printf("bench: %5ds  copied %d  processed %d  rejected %d  in production %d  versions"
                    + " published %d  datasets complete %d/%d%n", (now - start) / 1000, copied, processed, rejected,
                    promoted.size(), versions, complete, expected.size());
            if (incomplete.isEmpty()) {
                return 0;
            }
            if (!state.equals(lastState)) {
                lastState = state;
                lastChange = now;
            }
            boolean timedOut = now - start > timeoutS * 1000;
            if (timedOut || now - lastChange > stallS * 1000) {
                System.out.println(timedOut ? "bench: timed out after " + timeoutS + " s"
                        : "bench: nothing moved for " + stallS + " s");
                System.out.println("bench: incomplete datasets (first 20): " + incomplete.subList(0,
                        Math.min(20, incomplete.size())));
                return 3;
            }
            Thread.sleep(1000);
        }
    }

    /** Depths of SQS queues on ElasticMQ, through its query API (it asks for no signature). */
    private static final class Queues {
        private static final Pattern QUEUE_URL = Pattern.compile("<QueueUrl>([^<]+)</QueueUrl>");
        private static final Pattern ATTRIBUTE = Pattern.compile(
                "<Name>ApproximateNumberOfMessages(\\w*)</Name>\\s*<Value>(\\d+)</Value>");
        private final HttpClient http = HttpClient.newHttpClient();
        private final String endpoint;
        private final Map<String, String> urls = new TreeMap<>();

        Queues(String endpoint, String[] names) throws IOException, InterruptedException {
            this.endpoint = endpoint;
            for (String name : names) {
                Matcher url = QUEUE_URL.matcher(ask("GetQueueUrl&QueueName=" + encode(name)));
                if (!url.find()) {
                    throw new IOException("no queue " + name + " at " + endpoint);
                }
                urls.put(name, url.group(1));
            }
        }

        /** "name=messages …" of the queues holding a message (waiting, in flight or delayed); empty when none. */
        String depths() throws IOException, InterruptedException {
            StringBuilder out = new StringBuilder();
            for (String name : urls.keySet()) {
                long messages = messages(name, true);
                if (messages > 0) {
                    out.append(out.isEmpty() ? "" : "  ").append(name).append('=').append(messages);
                }
            }
            return out.toString();
        }

        /** The messages waiting on a queue, with those in flight and delayed too when {@code all}. */
        long messages(String name, boolean all) throws IOException, InterruptedException {
            Matcher m = ATTRIBUTE.matcher(ask("GetQueueAttributes&AttributeName.1=All&QueueUrl="
                    + encode(urls.get(name))));
            long messages = 0;
            while (m.find()) {
                if (all || m.group(1).isEmpty()) {
                    messages += Long.parseLong(m.group(2));
                }
            }
            return messages;
        }

        int awaitWaiting(String name, long count, long timeoutS) throws IOException, InterruptedException {
            long giveUp = System.currentTimeMillis() + timeoutS * 1000;
            long waiting;
            while ((waiting = messages(name, false)) < count) {
                if (System.currentTimeMillis() > giveUp) {
                    System.out.println("bench: only " + waiting + " of " + count + " messages wait on " + name);
                    return 3;
                }
                Thread.sleep(1000);
            }
            return 0;
        }

        int awaitDrained(String name, long timeoutS, long stallS) throws IOException, InterruptedException {
            long start = System.currentTimeMillis();
            long lastChange = start;
            long last = -1;
            for (long left; (left = messages(name, true)) > 0; Thread.sleep(1000)) {
                long now = System.currentTimeMillis();
                if (left != last) {
                    last = left;
                    lastChange = now;
                }
                if (now - start > timeoutS * 1000 || now - lastChange > stallS * 1000) {
                    System.out.println("bench: gave up with " + left + " messages on " + name);
                    return 3;
                }
            }
            return 0;
        }

        private String ask(String query) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(endpoint + "/?Action=" + query)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    private static void dump(MongoCollection<Document> lineage, Path out) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            w.write("upload\tstep\ttime\teventTime\tdatasetId\tbucket\tkey\tsize\ttargetKey\ttargetSize\tversion\tfiles\n");
            for (Document d : lineage.find()) {
                Document target = d.get("target", Document.class);
                w.write(String.join("\t", List.of(
                        str(d.get("upload")), str(d.get("step")), millis(d.get("time")), millis(d.get("eventTime")),
                        str(d.get("datasetId")), str(d.get("bucket")), str(d.get("key")), str(d.get("size")),
                        target == null ? "" : str(target.get("key")), target == null ? "" : str(target.get("size")),
                        target == null ? str(d.get("version")) : str(target.get("version")), str(d.get("files")))));
                w.write('\n');
            }
        }
    }

    private static String str(Object o) {
        return o == null ? "" : o.toString().replace('\t', ' ').replace('\n', ' ');
    }

    private static String millis(Object o) {
        return o instanceof Date date ? Long.toString(date.getTime()) : "";
    }
}
