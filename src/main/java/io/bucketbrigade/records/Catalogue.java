package io.bucketbrigade.records;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Accumulators;
import com.mongodb.client.model.Aggregates;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import io.bucketbrigade.config.Background;
import io.bucketbrigade.config.BrigadeProperties;
import jakarta.annotation.PreDestroy;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The catalogue of record in DocumentDB: one asset document per dataset, in the AIND data asset record's shape
 * ({@code _id}, {@code name}, {@code location}, {@code created}, {@code last_modified}, {@code metadata_status}, the
 * core metadata fields) plus {@code profile}, {@code tiers} and {@code files}; and the {@code rejections}
 * collection. Every write is an upsert or an insert with a deterministic id, so repeating it changes nothing.
 */
@Component
public class Catalogue {

    private static final Logger LOG = LoggerFactory.getLogger(Catalogue.class);
    private static final Duration RANK_RETRY = Duration.ofSeconds(10);

    private volatile ScheduledExecutorService rankRetries;

    /** The AIND core metadata fields, null until known. */
    public static final List<String> CORE_FIELDS = List.of("subject", "data_description", "procedures", "session",
            "rig", "processing", "acquisition", "instrument", "quality_control");

    private final MongoCollection<Document> assets;
    private final MongoCollection<Document> rejections;
    private final Clock clock;

    @Autowired
    Catalogue(MongoClient mongo, BrigadeProperties names) {
        this(mongo, names, Clock.systemUTC());
    }

    Catalogue(MongoClient mongo, BrigadeProperties names, Clock clock) {
        var database = mongo.getDatabase(names.database());
        this.assets = database.getCollection(names.collections().get("assets"));
        this.rejections = database.getCollection(names.collections().get("rejections"));
        this.clock = clock;
    }

    /** The asset id of a dataset: a name-based UUID, the same on every instance. */
    public static String assetId(String datasetId) {
        return UUID.nameUUIDFromBytes(("dataset:" + datasetId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * A file's entry and where it is: the dataset, its profile, the tier the file is now in (source, processed,
     * production), {@code s3://bucket/prefix} of the dataset in that tier, and the entry, whose {@code key}
     * identifies the file within the dataset and whose {@code sha256} is its version.
     */
    public record FileRecord(String datasetId, String profile, String tier, String location, Document file) {
    }

    /**
     * Creates the dataset's asset document if needed and sets one tier's location and one file's entry. The same
     * version recorded again (a redelivered event, or a crashed instance's work taken over) keeps what later hops
     * added to the entry, such as its {@code processed} facts; a new version replaces the entry.
     */
    public void recordFile(String datasetId, String profile, String tier, String location, Document file) {
        recordFiles(List.of(new FileRecord(datasetId, profile, tier, location, file)));
    }

    /**
     * {@link #recordFile} for several files (of a receive, say), in one request when every file is new to its
     * dataset, the common case: an ordered bulk write that first creates each dataset's asset document where there
     * is none and sets its tier, then adds each file's entry where its key is not yet there. When a key was there
     * already (the same version recorded again, or a new version), or the bulk write failed, each file is then
     * recorded on its own, which changes nothing for those the bulk write added.
     */
    public void recordFiles(List<FileRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        Date now = Date.from(clock.instant());
        List<WriteModel<Document>> writes = new ArrayList<>();
        Map<List<String>, FileRecord> tiers = new LinkedHashMap<>();
        records.forEach(r -> tiers.putIfAbsent(List.of(r.datasetId(), r.tier()), r));
        tiers.values().forEach(r -> writes.add(new UpdateOneModel<>(eq("_id", assetId(r.datasetId())),
                Updates.combine(created(r, now)), new UpdateOptions().upsert(true))));
        records.forEach(r -> writes.add(new UpdateOneModel<>(newFile(r), Updates.push("files", r.file()))));
        try {
            BulkWriteResult result = assets.bulkWrite(writes, new BulkWriteOptions().ordered(true));
            if (result.getMatchedCount() + result.getUpserts().size() == writes.size()) {
                return;
            }
        } catch (MongoBulkWriteException e) {
            LOG.debug("The files of {} datasets were not recorded together; each is recorded on its own: {}",
                    tiers.size(), e.toString());
        }
        records.forEach(r -> recordAlone(r, now));
    }

    /** One file's entry, whether its key is new to the dataset, the same version again, or a new version. */
    private void recordAlone(FileRecord record, Date now) {
        Document file = record.file();
        String id = assetId(record.datasetId());
        String key = file.getString("key");
        List<Bson> withFile = new ArrayList<>(dataset(record, now));
        withFile.add(Updates.push("files", file));
        if (assets.updateOne(newFile(record), Updates.combine(withFile)).getMatchedCount() > 0) {
            return;
        }
        assets.updateOne(eq("_id", id), Updates.combine(created(record, now)), new UpdateOptions().upsert(true));
        Bson sameVersion = Filters.elemMatch("files", and(eq("key", key), eq("sha256", file.get("sha256"))));
        List<Bson> fields = file.entrySet().stream().map(f -> Updates.set("files.$." + f.getKey(), f.getValue()))
                .toList();
        if (assets.updateOne(newFile(record), Updates.push("files", file)).getMatchedCount() == 0
                && assets.updateOne(and(eq("_id", id), sameVersion), Updates.combine(fields)).getMatchedCount() == 0) {
            assets.updateOne(and(eq("_id", id), eq("files.key", key)), Updates.set("files.$", file));
        }
    }

    /** The dataset's asset document where its key is not among its files. */
    private static Bson newFile(FileRecord record) {
        return and(eq("_id", assetId(record.datasetId())), ne("files.key", record.file().getString("key")));
    }

    /** What a file's entry sets of its dataset: profile, location, the tier and how far the dataset reached. */
    private static List<Bson> dataset(FileRecord record, Date now) {
        return List.of(
                Updates.set("profile", record.profile()),
                Updates.set("location", record.location()),
                Updates.set("last_modified", now),
                Updates.set("tiers." + record.tier(), new Document("location", record.location())
                        .append("updated", now)),
                reached(record.tier()));
    }

    /** {@link #dataset}, and the fields of an asset document created now. */
    private static List<Bson> created(FileRecord record, Date now) {
        List<Bson> created = new ArrayList<>(dataset(record, now));
        created.addAll(List.of(
                Updates.setOnInsert("name", record.datasetId()),
                Updates.setOnInsert("created", now),
                Updates.setOnInsert("metadata_status", "Unknown"),
                Updates.setOnInsert("external_links", new Document()),
                Updates.setOnInsert("schema_version", null)));
        CORE_FIELDS.forEach(field -> created.add(Updates.setOnInsert(field, null)));
        return created;
    }

    /**
     * What enrich found of a file: the dataset's {@code s3://} location in processed, and the file's
     * {@code processed} entry (its key, checksum and facts in processed, and its problems).
     *
     * @param originalKey the file entry's {@code key}
     */
    public record ProcessedRecord(String datasetId, String originalKey, String processedLocation, Document processed) {
    }

    /** Adds to each file's entry what enrich found, for several files (of a receive, say) in one request. */
    public void recordProcessedAll(List<ProcessedRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        Date now = Date.from(clock.instant());
        assets.bulkWrite(records.stream().<WriteModel<Document>>map(r -> new UpdateOneModel<>(
                and(eq("_id", assetId(r.datasetId())), eq("files.key", r.originalKey())), Updates.combine(
                        Updates.set("files.$.processed", r.processed()),
                        Updates.set("tiers.processed", new Document("location", r.processedLocation())
                                .append("updated", now)),
                        reached("processed")))).toList(), new BulkWriteOptions().ordered(false));
    }

    /**
     * Records a dataset's verdict: {@code metadata_status}, the failed checks, the summary, unknown objects, the
     * core metadata fields (AIND), and its location in processed.
     */
    public void recordVerdict(String datasetId, String location, MetadataStatus status, List<String> checks,
            Map<String, Object> summary, List<String> unknown, Map<String, Object> coreFields) {
        List<Bson> updates = new ArrayList<>(List.of(
                Updates.set("metadata_status", status.wire()),
                Updates.set("checks", checks),
                Updates.set("summary", new Document(summary)),
                Updates.set("unknown_objects", unknown),
                Updates.set("location", location),
                Updates.set("last_modified", Date.from(clock.instant()))));
        coreFields.forEach((field, value) -> updates.add(Updates.set(field, value)));
        assets.updateOne(eq("_id", assetId(datasetId)), Updates.combine(updates));
    }

    /** Records an operator's decision on the dataset. */
    public void recordApproval(String datasetId, Document approval) {
        assets.updateOne(eq("_id", assetId(datasetId)), Updates.set("approval", approval));
    }

    /** Records a published version: status, location (its manifest), version and time. */
    public void recordPublished(String datasetId, String manifestLocation, int version, String publishedAt) {
        Date now = Date.from(clock.instant());
        assets.updateOne(eq("_id", assetId(datasetId)), Updates.combine(
                Updates.set("status", "published"),
                Updates.set("location", manifestLocation),
                Updates.unset("retraction"),
                Updates.set("version", version),
                Updates.set("published_at", publishedAt),
                Updates.set("last_modified", now),
                Updates.set("tiers.production", new Document("location", manifestLocation).append("version", version)
                        .append("updated", now)),
                reached("production")));
    }

    /**
     * A dataset withdrawn from production: its location is the tombstone, and why, who, when and what; kept in
     * {@code past_retractions} too, as {@code retraction} goes once a later version is published.
     */
    public void recordRetracted(String datasetId, String tombstoneLocation, Retraction retraction) {
        Date now = Date.from(clock.instant());
        assets.updateOne(eq("_id", assetId(datasetId)), Updates.combine(
                Updates.set("status", "retracted"),
                Updates.set("location", tombstoneLocation),
                Updates.set("retraction", new Document(retraction.view())),
                Updates.addToSet("past_retractions", new Document(retraction.view())),
                Updates.set("last_modified", now),
                Updates.set("tiers.production", new Document("location", tombstoneLocation)
                        .append("retracted", true).append("updated", now)),
                reached("production")));
    }

    /**
     * The server's copy of a dataset's file in processed: the dataset, the copy's SHA-256, and the ETag the copy had
     * when enrich read it (null in entries from before ETags were catalogued).
     */
    public record ProcessedCopy(String datasetId, String sha256, String eTag) {}

    /** Which dataset's file the server copied to processed at this key, if any. */
    public Optional<ProcessedCopy> processedCopy(String processedKey) {
        Document asset = assets.find(eq("files.processed.key", processedKey)).first();
        if (asset == null) {
            return Optional.empty();
        }
        return asset.getList("files", Document.class, List.of()).stream()
                .map(f -> f.get("processed", Document.class))
                .filter(p -> p != null && processedKey.equals(p.getString("key")) && p.getString("sha256") != null)
                .findFirst().map(p -> new ProcessedCopy(asset.getString("name"), p.getString("sha256"),
                        p.getString("etag")));
    }

    public Optional<Document> asset(String datasetId) {
        return Optional.ofNullable(assets.find(eq("_id", assetId(datasetId))).first());
    }

    /** The tiers a dataset reaches, in order; a dataset's tier is the furthest it has reached. */
    public static final List<String> TIERS = List.of("source", "processed", "production");

    /**
     * Which datasets to list: all null means every one.
     *
     * @param profile one profile
     * @param status  a verdict ({@code metadata_status}: Valid, Invalid, Unknown …) or a production state
     *                ({@code published}, {@code retracted})
     * @param tier    the furthest tier reached: source, processed or production
     * @param search  the start of the dataset id
     */
    public record DatasetQuery(String profile, String status, String tier, String search) {

        private Bson filter(boolean withTier) {
            List<Bson> filters = new ArrayList<>();
            if (profile != null) {
                filters.add(eq("profile", profile));
            }
            if (status != null) {
                filters.add(status.equals("published") || status.equals("retracted") ? eq("status", status)
                        : eq("metadata_status", status));
            }
            if (search != null) {
                filters.add(Filters.regex("name", "^" + java.util.regex.Pattern.quote(search)));
            }
            if (withTier && tier != null) {
                filters.add(eq(TIER_RANK, rank(tier)));
            }
            return filters.isEmpty() ? new Document() : and(filters);
        }
    }

    /**
     * The field that holds how far a dataset has come: the rank of its furthest tier (1 source, 2 processed,
     * 3 production), raised with {@code $max} by the same update that records the tier, so it costs no request.
     */
    static final String TIER_RANK = "tier_rank";

    private static int rank(String tier) {
        int at = TIERS.indexOf(tier);
        if (at < 0) {
            throw new IllegalArgumentException("No tier '" + tier + "' (tiers: " + TIERS + ")");
        }
        return at + 1;
    }

    private static Bson reached(String tier) {
        return Updates.max(TIER_RANK, rank(tier));
    }

    /**
     * {@link #rankTiers} once the server is up. While MongoDB cannot be reached it is tried again in the background
     * every {@link #RANK_RETRY}: a server started during an outage still starts, as its provisioning does.
     */
    @EventListener(ApplicationReadyEvent.class)
    public void rankTiersAtStart() {
        rankRetries = Background.untilDone("brigade-rank-tiers", RANK_RETRY, this::rankedTiers);
    }

    private boolean rankedTiers() {
        try {
            rankTiers();
            return true;
        } catch (MongoException e) {
            LOG.warn("Catalogued datasets not given their tier_rank yet (tried again in {}): {}", RANK_RETRY,
                    e.toString());
            return false;
        }
    }

    @PreDestroy
    void stopRankRetries() {
        if (rankRetries != null) {
            rankRetries.shutdownNow();
        }
    }

    /**
     * Sets {@code tier_rank} on datasets catalogued before it existed, from the tiers they hold; returns how many.
     * Idempotent: a dataset that has it is left as it is.
     */
    public long rankTiers() {
        if (assets.find(Filters.exists(TIER_RANK, false)).projection(Projections.include("_id")).first() == null) {
            return 0; // the common start: one read, no write
        }
        long ranked = 0;
        for (int at = TIERS.size() - 1; at >= 0; at--) {
            ranked += assets.updateMany(and(Filters.exists(TIER_RANK, false), Filters.exists("tiers." + TIERS.get(at))),
                    Updates.set(TIER_RANK, at + 1)).getModifiedCount();
        }
        if (ranked > 0) {
            LOG.info("{} catalogued datasets given their tier_rank", ranked);
        }
        return ranked;
    }

    /**
     * One page of datasets, newest change first.
     *
     * @param rows    the datasets' asset documents without their files
     * @param total   how many datasets the query matches
     * @param perTier how many of the datasets the query matches without its tier are in each tier
     */
    public record DatasetPage(List<Document> rows, long total, Map<String, Long> perTier) {}

    /** How far back the table looks first for the newest changes. */
    static final Duration RECENT = Duration.ofDays(1);

    private List<Document> page(Bson filter, int page, int size) {
        return assets.find(filter).projection(Projections.exclude("files", "summary", "unknown_objects"))
                .sort(Sorts.descending("last_modified")).skip(page * size).limit(size).into(new ArrayList<>());
    }

    /** The furthest tier of a dataset's asset document (null: none yet). */
    public static String tierOf(Document asset) {
        Integer rank = asset.getInteger(TIER_RANK);
        return rank == null || rank < 1 || rank > TIERS.size() ? null : TIERS.get(rank - 1);
    }

    /** A page ({@code page} from 0) of the datasets the query matches, counted per tier. */
    public DatasetPage datasets(DatasetQuery query, int page, int size) {
        // the datasets changed in the last day first: when they fill the page, the page is the same as over all
        // datasets (every one of them is newer than any older one), and only they are sorted
        Bson recent = Filters.gte("last_modified", Date.from(clock.instant().minus(RECENT)));
        List<Document> rows = page(and(query.filter(true), recent), page, size);
        if (rows.size() < size) {
            rows = page(query.filter(true), page, size);
        }
        Map<String, Long> perTier = new LinkedHashMap<>();
        TIERS.forEach(tier -> perTier.put(tier, 0L));
        // one pass for every tier's count
        for (Document group : assets.aggregate(List.of(Aggregates.match(query.filter(false)),
                Aggregates.group("$" + TIER_RANK, Accumulators.sum("datasets", 1))))) {
            Integer rank = group.getInteger("_id");
            if (rank != null && rank >= 1 && rank <= TIERS.size()) {
                perTier.put(TIERS.get(rank - 1), ((Number) group.get("datasets")).longValue());
            }
        }
        long total = query.tier() == null ? perTier.values().stream().mapToLong(Long::longValue).sum()
                : perTier.get(query.tier());
        return new DatasetPage(rows, total, perTier);
    }

    /** Adds a rejection once (its id is derived from the object version). */
    public void recordRejection(Document rejection) {
        insertOnce(rejections, rejection);
    }

    /** Rejections, newest first, optionally of one dataset, one rule, since a time. */
    public List<Document> rejections(String datasetId, String rule, Instant since, int limit) {
        List<Bson> filters = new ArrayList<>();
        if (datasetId != null) {
            filters.add(eq("datasetId", datasetId));
        }
        if (rule != null) {
            filters.add(eq("rule", rule));
        }
        if (since != null) {
            filters.add(Filters.gte("time", Date.from(since)));
        }
        return rejections.find(filters.isEmpty() ? new Document() : and(filters)).sort(Sorts.descending("time"))
                .limit(limit).into(new ArrayList<>());
    }

    /** Inserts the documents in one request; those whose {@code _id} is already there are left as they are. */
    static void insertOnce(MongoCollection<Document> collection, List<Document> documents) {
        try {
            collection.insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (!e.getWriteErrors().stream().allMatch(w -> ErrorCategory.fromErrorCode(w.getCode())
                    == ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
        }
    }

    /** Inserts a document whose {@code _id} is deterministic; a second insert of the same id is a no-op. */
    static boolean insertOnce(MongoCollection<Document> collection, Document document) {
        try {
            collection.insertOne(document);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }
}
