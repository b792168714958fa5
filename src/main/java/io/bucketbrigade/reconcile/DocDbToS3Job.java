package io.bucketbrigade.reconcile;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.jobs.Job;
import io.bucketbrigade.jobs.JobRun;
import io.bucketbrigade.jobs.Operations;
import io.bucketbrigade.records.AindRecords;
import io.bucketbrigade.records.Catalogue;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * DocumentDB → S3, with the semantics of AIND's data asset indexer: the catalogue is the source of truth for the
 * metadata of the assets in a bucket. Per bucket, records are read 200 at a time (optionally only those modified
 * in the last N days); a record whose location is invalid is warned about and skipped; a record whose prefix holds
 * no object is removed; each core schema file is resolved by the indexer's eight cases (is the field set in the
 * record? is there a root file? a dated copy in {@code original_metadata/}?); {@code metadata.nd.json} is written
 * only when it differs. One bad record never stops the run.
 */
@Component
class DocDbToS3Job implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(DocDbToS3Job.class);
    static final int PAGE = 200;
    static final String COPIES = "original_metadata/";
    /** The indexer's dated copy name; Python's {@code \\d} is any decimal digit, its {@code $} allows a final \\n. */
    private static final Pattern DATED_COPY = Pattern.compile("([a-zA-Z0-9_]+)\\.\\p{Nd}{8}\\.json$",
            Pattern.UNIX_LINES);
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final S3Client s3;
    private final S3Files files;
    private final MongoCollection<Document> assets;
    private final String collection;
    private final Environment environment;
    private final String defaultBucket;
    private final String original;

    DocDbToS3Job(S3Client s3, MongoClient mongo, BrigadeProperties names, Environment environment) {
        this.s3 = s3;
        this.files = new S3Files(s3);
        this.collection = names.database() + "/" + names.collections().get("assets");
        this.assets = mongo.getDatabase(names.database()).getCollection(names.collections().get("assets"));
        this.environment = environment;
        this.defaultBucket = names.buckets().get("processed");
        this.original = names.buckets().get("original");
    }

    @Override
    public String name() {
        return "docdb-to-s3";
    }

    @Override
    public String description() {
        return "AIND indexer: the catalogue's metadata records to each bucket's core schema files, dated copies and"
                + " metadata.nd.json; records of vanished prefixes removed";
    }

    @Override
    public void check(Map<String, String> parameters) {
        String days = parameters.get("lookBackDays");
        if (days != null && !days.matches("\\d{1,5}")) {
            throw new IllegalArgumentException("lookBackDays '" + days + "' is not a number of days (0: all)");
        }
        String setting = parameters.containsKey("buckets") ? "buckets" : "brigade.jobs." + name() + ".buckets";
        for (String bucket : JobBuckets.of(parameters.get("buckets"), environment, name(), defaultBucket)) {
            if (bucket.equals(original)) {
                throw new IllegalArgumentException(setting + ": bucket " + original + " is the original bucket:"
                        + " depositors' objects are never written or deleted, so the indexer does not run there");
            }
        }
    }

    @Override
    public void run(JobRun run) {
        int days = Integer.parseInt(run.parameter("lookBackDays", environment.getProperty("brigade.jobs." + name()
                + ".look-back-days", "0")));
        List<String> warnings = new ArrayList<>();
        for (String bucket : JobBuckets.of(run.parameter("buckets", null), environment, name(), defaultBucket)) {
            try {
                sync(bucket, days, run, warnings);
            } catch (RuntimeException e) {
                run.error("bucket " + bucket + ": " + e.getMessage());
            }
        }
        run.result("warnings", warnings);
    }

    private void sync(String bucket, int days, JobRun run, List<String> warnings) {
        files.requireBucket(bucket);
        // the indexer's filter: locations starting with s3://<bucket>; those of other buckets get a warning
        List<Bson> filters = new ArrayList<>(List.of(regex("location", "^" + Pattern.quote("s3://" + bucket))));
        if (days > 0) {
            filters.add(lookBack(Instant.now().minus(Duration.ofDays(days))));
        }
        run.addToTotal(assets.countDocuments(and(filters)));
        Object last = null;
        while (true) {
            List<Bson> page = new ArrayList<>(filters);
            if (last != null) {
                page.add(gt("_id", last));
            }
            List<Document> records = assets.find(and(page)).sort(Sorts.ascending("_id")).limit(PAGE)
                    .into(new ArrayList<>());
            for (Document record : records) {
                try {
                    process(bucket, record, run, warnings);
                } catch (RuntimeException e) {
                    run.error("record " + record.get("_id") + " (" + record.get("name") + "): " + e);
                }
                run.step();
            }
            if (records.size() < PAGE) {
                return;
            }
            last = records.get(records.size() - 1).get("_id");
        }
    }

    /**
     * Records modified since then: {@code last_modified} a BSON date, or an ISO-8601 string as AIND's catalogue
     * stores it, compared as a string ({@code $gte}) as the indexer does.
     */
    static Bson lookBack(Instant since) {
        Instant micros = since.truncatedTo(ChronoUnit.MICROS);
        // Python's datetime.isoformat() with 'Z': microseconds only when there are some
        String iso = SECONDS.format(micros) + (micros.getNano() == 0 ? "" : String.format(".%06d",
                micros.getNano() / 1000)) + "Z";
        return or(gte("last_modified", Date.from(micros)), gte("last_modified", iso));
    }

    private void process(String bucket, Document record, JobRun run, List<String> warnings) {
        Operations ops = run.operations();
        Optional<String> prefix = record.get("location") instanceof String location ? prefix(bucket, location)
                : Optional.empty();
        if (prefix.isEmpty()) {
            String warning = "record " + record.get("_id") + " (" + record.get("name") + ") has location "
                    + record.get("location") + ", not s3://" + bucket + "/<prefix>: skipped";
            LOG.warn(warning);
            warnings.add(warning);
            return;
        }
        String p = prefix.get();
        Map<String, S3Object> root = new HashMap<>();
        s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(p + "/").delimiter("/")).contents()
                .forEach(o -> root.put(o.key().substring(p.length() + 1), o));
        boolean empty = root.isEmpty() && s3.listObjectsV2(l -> l.bucket(bucket).prefix(p + "/").maxKeys(1))
                .contents().isEmpty();
        Object id = record.get("_id");
        if (empty) {
            ops.apply("DELETE docdb://" + collection + "/" + id + " (no objects under s3://" + bucket + "/" + p + "/)",
                    () -> assets.deleteOne(eq("_id", id)));
            return;
        }
        Map<String, String> copies = new HashMap<>();
        // the indexer lists one level: only objects directly in original_metadata/ are dated copies
        s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(p + "/" + COPIES).delimiter("/")).contents()
                .forEach(o -> {
                    var m = DATED_COPY.matcher(o.key().substring(p.length() + 1 + COPIES.length()));
                    if (m.lookingAt() && Catalogue.CORE_FIELDS.contains(m.group(1))) {
                        copies.put(m.group(1), o.key());
                    }
                });
        Map<String, Object> updates = new HashMap<>();
        List<Runnable> afterUpdate = new ArrayList<>();
        for (String field : Catalogue.CORE_FIELDS) {
            resolve(bucket, p, field, record, root.get(field + ".json"), copies.containsKey(field), run, updates,
                    afterUpdate);
        }
        if (!updates.isEmpty()) {
            // the same type the record had: AIND's catalogue keeps an ISO string, this server's a BSON date
            Date now = new Date();
            updates.put("last_modified", record.get("last_modified") instanceof String ? now.toInstant().toString()
                    : now);
            List<Bson> sets = new ArrayList<>();
            updates.forEach((field, value) -> sets.add(Updates.set(field, value)));
            ops.apply("UPDATE docdb://" + collection + "/" + id + " " + String.join(",", new TreeSet<>(
                    updates.keySet())) + " (from the root files)", () -> assets.updateOne(eq("_id", id),
                    Updates.combine(sets)));
            record.putAll(updates);
        }
        afterUpdate.forEach(Runnable::run);
        Map<String, Object> metadata = AindRecords.of(record);
        if (S3Files.differs(root.get("metadata.nd.json"), metadata)) {
            ops.apply("WRITE s3://" + bucket + "/" + p + "/metadata.nd.json (differs from the record)",
                    () -> files.writeJson(bucket, p + "/metadata.nd.json", metadata));
        }
    }

    /** The indexer's eight cases for one core schema file. */
    private void resolve(String bucket, String prefix, String field, Document record, S3Object root,
            boolean copied, JobRun run, Map<String, Object> updates, List<Runnable> afterUpdate) {
        Operations ops = run.operations();
        Object value = record.get(field);
        String rootKey = prefix + "/" + field + ".json";
        String rootUrl = "s3://" + bucket + "/" + rootKey;
        if (value != null) {
            if (root != null && !copied) {
                copyToOriginals(bucket, prefix, field, root, ops);
            }
            if (S3Files.differs(root, value)) {
                ops.apply("WRITE " + rootUrl + " (" + (root == null ? "missing" : "differs from the record") + ")",
                        () -> files.writeJson(bucket, rootKey, value));
            }
            if (root == null && !copied) {
                String copyKey = prefix + "/" + COPIES + field + "." + S3Files.DAY.format(Instant.now()) + ".json";
                ops.apply("COPY " + rootUrl + " -> s3://" + bucket + "/" + copyKey,
                        () -> files.copy(bucket, rootKey, copyKey));
            }
        } else if (root != null && copied) {
            ops.apply("DELETE " + rootUrl + " (null in the record; its copy is kept)",
                    () -> files.delete(bucket, rootKey));
        } else if (root != null) {
            RootFile read = files.readRoot(bucket, rootKey);
            if (read instanceof RootFile.Value content) {
                copyToOriginals(bucket, prefix, field, root, ops);
                updates.put(field, content.value());
                // the indexer rewrites it in its form on its next run; done here, once the record holds it
                if (S3Files.differs(root, content.value())) {
                    afterUpdate.add(() -> ops.apply("WRITE " + rootUrl + " (read into the record; in the indexer's"
                            + " form)", () -> files.writeJson(bucket, rootKey, content.value())));
                }
            } else if (read instanceof RootFile.Nothing nothing) {
                copyToOriginals(bucket, prefix, field, root, ops);
                ops.apply("DELETE " + rootUrl + " (" + nothing.why() + ": nothing to read into the record; its copy"
                        + " is kept)", () -> files.delete(bucket, rootKey));
            } else if (read instanceof RootFile.Unstorable refused) {
                // no copy either: the root file stays the one to fix, and this error is reported on every run
                run.error("record " + record.get("_id") + " (" + record.get("name") + "): " + rootUrl + " not read"
                        + " into the record, kept as it is: " + refused.rule() + ": " + refused.message());
            }
        }
        // null in the record and no root file: nothing to do, with or without a copy
    }

    private void copyToOriginals(String bucket, String prefix, String field, S3Object root, Operations ops) {
        String copyKey = prefix + "/" + COPIES + field + "." + S3Files.DAY.format(root.lastModified()) + ".json";
        ops.apply("COPY s3://" + bucket + "/" + root.key() + " -> s3://" + bucket + "/" + copyKey,
                () -> files.copy(bucket, root.key(), copyKey));
    }

    /**
     * The prefix of a valid location in this bucket, by the indexer's rules ({@code is_record_location_valid},
     * Python's {@code urlparse} without fragments): scheme {@code s3} (in any case), host exactly the bucket, and
     * a path that, stripped of its leading and trailing slashes, is one non-empty segment; so
     * {@code s3://bucket/prefix/} is valid, with prefix {@code prefix}. A query ({@code ?...}) is not part of it.
     */
    static Optional<String> prefix(String bucket, String location) {
        if (location == null) {
            return Optional.empty();
        }
        String url = location.replaceAll("[\\t\\r\\n]", "").replaceFirst("^[\\x00-\\x20]+", "");
        int colon = url.indexOf(':');
        if (colon < 0 || !url.substring(0, colon).equalsIgnoreCase("s3") || !url.startsWith("//", colon + 1)) {
            return Optional.empty();
        }
        String rest = url.substring(colon + 3);
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        int slash = rest.indexOf('/');
        String host = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        String prefix = path.replaceAll("^/+|/+$", "");
        if (!host.equals(bucket) || prefix.isEmpty() || prefix.contains("/")) {
            return Optional.empty();
        }
        return Optional.of(prefix);
    }
}
