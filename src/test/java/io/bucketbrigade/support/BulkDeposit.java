package io.bucketbrigade.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Many small objects spread over a number of generic datasets, plus a few that break a rule (empty, a space in
 * the name), put into an environment's original bucket; and the checks the resilience tests share: every valid
 * object published in its dataset's current manifest, each rejected once, no record or lineage step twice, the
 * originals as they were uploaded.
 */
public final class BulkDeposit {

    public final String env;
    /** Datasets are named {@code <prefix>-d<n>}. */
    public final String prefix;
    /** Original key to bytes of the objects that must reach production. */
    public final Map<String, byte[]> valid = new LinkedHashMap<>();
    /** Original key to the rule it breaks. */
    public final Map<String, String> invalid = new LinkedHashMap<>();
    private final Map<String, Instant> uploaded = new HashMap<>();

    /** {@code count} valid objects of 1 byte to 16 KiB over {@code datasets} datasets, and one of each broken kind. */
    public BulkDeposit(String env, int count, int datasets, long seed) {
        this(env, env, count, datasets, seed);
    }

    /** As above, with datasets named after {@code prefix}: several deposits in one environment. */
    public BulkDeposit(String env, String prefix, int count, int datasets, long seed) {
        this.env = env;
        this.prefix = prefix;
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            byte[] bytes = Fixtures.random(1 + random.nextInt(16 * 1024), random);
            valid.put(dataset(i % datasets) + "/file-" + i + ".bin", bytes);
        }
        invalid.put(dataset(0) + "/empty.bin", "empty-file");
        invalid.put(dataset(0) + "/white space.bin", "whitespace");
    }

    private String dataset(int i) {
        return prefix + "-d" + i;
    }

    public List<String> datasets() {
        return valid.keySet().stream().map(BulkDeposit::datasetOf).distinct().toList();
    }

    static String datasetOf(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    public String bucket(String tier) {
        return "brigade-" + tier + "-" + env;
    }

    /** Puts every object into the original bucket, eight at a time, and notes when each was stored. */
    public void upload(S3Client s3) throws Exception {
        Map<String, byte[]> all = new LinkedHashMap<>(valid);
        invalid.keySet().forEach(key -> all.put(key, key.endsWith("empty.bin") ? new byte[0] : new byte[] {1}));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            all.forEach((key, bytes) -> puts.add(pool.submit(() -> s3.putObject(p -> p.bucket(bucket("original"))
                    .key(key), RequestBody.fromBytes(bytes)))));
            for (Future<?> put : puts) {
                put.get();
            }
        } finally {
            pool.shutdown();
        }
        originals(s3).forEach(o -> uploaded.put(o.key(), o.lastModified()));
    }

    /** A lineage event's step; promotion once per version. */
    private static String stepOf(Document event) {
        Document target = event.get("target", Document.class);
        return "promoted".equals(event.getString("step")) && target != null
                ? "promoted-v" + target.get("version") : event.getString("step");
    }

    private List<S3Object> originals(S3Client s3) {
        return s3.listObjectsV2Paginator(l -> l.bucket(bucket("original")).prefix(prefix + "-d")).contents().stream()
                .toList();
    }

    /** Lineage steps that show progress: an object copied to source, or to processed. */
    public static long progress(MongoDatabase database) {
        return database.getCollection("lineage").countDocuments(new Document("step",
                new Document("$in", List.of("copied", "processed"))));
    }

    /** Asserts that every dataset's current manifest lists all its valid objects, naming those it does not. */
    public void assertPublished(S3Client s3) {
        List<String> missing = datasets().stream().flatMap(dataset -> {
            Set<String> listed = published(s3, dataset).keySet();
            return expected(dataset).keySet().stream().filter(key -> !listed.contains(key)).map(key -> dataset + "/" + key);
        }).toList();
        assertThat(missing).as("valid objects not in their dataset's manifest").isEmpty();
    }

    /**
     * Asserts that the pipeline's queues of this environment are empty, with no message in flight or delayed: nothing
     * is left to be delivered again, so a duplicate a late redelivery would cause has happened by then.
     */
    public void assertSettled(SqsClient sqs) {
        Map<String, Map<QueueAttributeName, String>> busy = new LinkedHashMap<>();
        for (String queue : List.of("ingest", "enrich", "dataset-checks", "promote", "processed-events")) {
            String url = sqs.getQueueUrl(g -> g.queueName(queue + "-" + env)).queueUrl();
            Map<QueueAttributeName, String> depths = sqs.getQueueAttributes(g -> g.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            if (depths.values().stream().anyMatch(messages -> !"0".equals(messages))) {
                busy.put(queue, depths);
            }
        }
        assertThat(busy).as("queues with messages waiting, in flight or delayed").isEmpty();
    }

    /** The files of a dataset's current manifest, key to SHA-256; empty before its first version. */
    public Map<String, String> published(S3Client s3, String dataset) {
        try {
            JsonNode manifest = new ObjectMapper().readTree(s3.getObjectAsBytes(g -> g.bucket(bucket("production"))
                    .key(dataset + "/manifest.json")).asByteArray());
            Map<String, String> files = new HashMap<>();
            manifest.get("files").forEach(f -> files.put(f.get("key").asText(), f.get("sha256").asText()));
            return files;
        } catch (NoSuchKeyException e) {
            return Map.of();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Key within the dataset to SHA-256, of its valid objects. */
    private Map<String, String> expected(String dataset) {
        return valid.entrySet().stream().filter(e -> datasetOf(e.getKey()).equals(dataset)).collect(Collectors.toMap(
                e -> e.getKey().substring(dataset.length() + 1), e -> Fixtures.sha256(e.getValue())));
    }

    /**
     * Asserts what a user cares about once the run has settled: every valid object published with its SHA-256, each
     * broken one rejected once and published nowhere, one catalogue entry and one upload per object, no lineage
     * step twice, and the originals exactly as uploaded.
     */
    public void assertOutcome(S3Client s3, MongoDatabase database) {
        for (String dataset : datasets()) {
            Map<String, String> published = published(s3, dataset);
            assertThat(published).as("manifest of " + dataset).containsAllEntriesOf(expected(dataset));
            assertThat(published.keySet()).as("no broken object in " + dataset)
                    .noneMatch(key -> invalid.containsKey(dataset + "/" + key));
        }
        invalid.forEach((key, rule) -> assertThat(database.getCollection("rejections")
                .find(new Document("key", key)).into(new ArrayList<>())).as(key).singleElement()
                .satisfies(r -> assertThat(r.getString("rule")).isEqualTo(rule)));

        for (String dataset : datasets()) {
            Document asset = database.getCollection("assets").find(new Document("name", dataset)).first();
            assertThat(asset).as("catalogue entry of " + dataset).isNotNull();
            List<String> keys = asset.getList("files", Document.class).stream().map(f -> f.getString("key")).toList();
            assertThat(keys).as("files of " + dataset + " in the catalogue").doesNotHaveDuplicates()
                    .containsAll(valid.keySet().stream().filter(k -> datasetOf(k).equals(dataset)).toList());
        }

        List<Document> events = database.getCollection("lineage").find(new Document("bucket", bucket("original"))
                .append("key", new Document("$regex", "^" + java.util.regex.Pattern.quote(prefix + "-d"))))
                .into(new ArrayList<>());
        Map<String, List<String>> uploadsByKey = events.stream().filter(e -> "received".equals(e.getString("step")))
                .collect(Collectors.groupingBy(e -> e.getString("key"),
                        Collectors.mapping(e -> e.getString("upload"), Collectors.toList())));
        assertThat(uploadsByKey.keySet()).containsAll(valid.keySet());
        assertThat(uploadsByKey).as("one upload per object").allSatisfy((key, uploads) -> assertThat(uploads)
                .as(key).hasSize(1));
        List<String> ours = uploadsByKey.values().stream().flatMap(List::stream).toList();
        Map<String, List<String>> stepsByUpload = database.getCollection("lineage")
                .find(new Document("upload", new Document("$in", ours))).into(new ArrayList<>())
                .stream().collect(Collectors.groupingBy(
                        e -> e.getString("upload"), Collectors.mapping(BulkDeposit::stepOf, Collectors.toList())));
        assertThat(stepsByUpload).as("no lineage step twice").allSatisfy((upload, steps) -> assertThat(steps)
                .as(upload).doesNotHaveDuplicates());

        List<S3Object> originals = originals(s3);
        assertThat(originals).extracting(S3Object::key).containsExactlyInAnyOrderElementsOf(uploaded.keySet());
        for (S3Object original : originals) {
            assertThat(original.lastModified()).as("original " + original.key() + " never rewritten")
                    .isEqualTo(uploaded.get(original.key()));
            if (valid.containsKey(original.key())) {
                assertThat(original.size()).isEqualTo(valid.get(original.key()).length);
                assertThat(Fixtures.sha256(s3.getObjectAsBytes(g -> g.bucket(bucket("original"))
                        .key(original.key())).asByteArray())).as("original " + original.key())
                        .isEqualTo(Fixtures.sha256(valid.get(original.key())));
            }
        }
    }
}
