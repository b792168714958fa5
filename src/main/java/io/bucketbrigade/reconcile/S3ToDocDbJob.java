package io.bucketbrigade.reconcile;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.or;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.jobs.Job;
import io.bucketbrigade.jobs.JobRun;
import io.bucketbrigade.records.Catalogue;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;

/**
 * S3 → DocumentDB, with the semantics of AIND's data asset indexer: each top-level prefix of a bucket that has no
 * record and whose {@code data_description.json} says {@code data_level: derived} is registered (raw assets are
 * registered when they are uploaded); any other prefix without a record is reported as unknown.
 */
@Component
class S3ToDocDbJob implements Job {

    private static final Logger LOG = LoggerFactory.getLogger(S3ToDocDbJob.class);

    private final S3Client s3;
    private final S3Files files;
    private final MongoCollection<Document> assets;
    private final String collection;
    private final Environment environment;
    private final String defaultBucket;

    S3ToDocDbJob(S3Client s3, MongoClient mongo, BrigadeProperties names, Environment environment) {
        this.s3 = s3;
        this.files = new S3Files(s3);
        this.collection = names.database() + "/" + names.collections().get("assets");
        this.assets = mongo.getDatabase(names.database()).getCollection(names.collections().get("assets"));
        this.environment = environment;
        this.defaultBucket = names.buckets().get("processed");
    }

    @Override
    public String name() {
        return "s3-to-docdb";
    }

    @Override
    public String description() {
        return "AIND indexer: registers derived assets that have no record; reports other unknown prefixes";
    }

    @Override
    public void run(JobRun run) {
        List<String> unknown = new ArrayList<>();
        List<String> registered = new ArrayList<>();
        for (String bucket : JobBuckets.of(run.parameter("buckets", null), environment, name(), defaultBucket)) {
            try {
                scan(bucket, run, unknown, registered);
            } catch (RuntimeException e) {
                run.error("bucket " + bucket + ": " + e.getMessage());
            }
        }
        run.result("registered", registered);
        run.result("unknown", unknown);
    }

    private void scan(String bucket, JobRun run, List<String> unknown, List<String> registered) {
        files.requireBucket(bucket);
        for (CommonPrefix common : s3.listObjectsV2Paginator(l -> l.bucket(bucket).delimiter("/")).commonPrefixes()) {
            String prefix = common.prefix().substring(0, common.prefix().length() - 1);
            run.addToTotal(1);
            try {
                if (!prefix.startsWith("_") && !known(bucket, prefix)) {
                    Optional<Map<String, Object>> description = files.readObject(bucket, prefix + "/data_description.json");
                    if (description.isPresent() && "derived".equals(description.get().get("data_level"))) {
                        register(bucket, prefix, run);
                        registered.add("s3://" + bucket + "/" + prefix);
                    } else {
                        String report = "s3://" + bucket + "/" + prefix + " has no record and is not a derived asset";
                        LOG.warn(report);
                        unknown.add(report);
                    }
                }
            } catch (RuntimeException e) {
                run.error("prefix s3://" + bucket + "/" + prefix + ": " + e.getMessage());
            }
            run.step();
        }
    }

    private boolean known(String bucket, String prefix) {
        return assets.find(or(eq("location", "s3://" + bucket + "/" + prefix), eq("name", prefix))).first() != null;
    }

    private void register(String bucket, String prefix, JobRun run) {
        Date now = new Date();
        Document record = new Document("_id", Catalogue.assetId(prefix))
                .append("name", prefix)
                .append("location", "s3://" + bucket + "/" + prefix)
                .append("created", now)
                .append("last_modified", now)
                .append("metadata_status", "Unknown")
                .append("external_links", new Document())
                .append("profile", "aind");
        for (String field : Catalogue.CORE_FIELDS) {
            record.append(field, files.readObject(bucket, prefix + "/" + field + ".json").orElse(null));
        }
        Object schemaVersion = record.get("data_description", Map.class) == null ? null
                : ((Map<?, ?>) record.get("data_description")).get("schema_version");
        record.append("schema_version", schemaVersion);
        run.operations().apply("INSERT docdb://" + collection + "/" + record.get("_id") + " (derived asset s3://"
                + bucket + "/" + prefix + ")", () -> assets.insertOne(record));
    }
}
