package io.bucketbrigade.records;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One dataset's item in {@code experiments-{env}}, typed: its status per tier, file counts and bytes per tier, the
 * change version (moved by every change) and the checked version (the change version its verdict was made from),
 * the verdict's checks and summary, the checked version the promotion gate was last asked about, the operator's
 * approval, its processed objects held as tampered, and its published version. The item's layout (attribute names
 * and values) is the one Cellenics reads; attributes this record does not name are kept in {@code other}.
 *
 * @param lastIngestedAt            when a file of it last reached source (null before the first)
 * @param checkedVersion            {@link #NEVER} when never checked
 * @param promotionRequestedVersion {@link #NEVER} when the gate was never asked
 * @param approval                  null when no operator decided
 * @param tampered                  processed key to why it is held
 * @param publishedVersion          0 when never published
 * @param retraction                null unless an operator withdrew it from production
 * @param completeMarker            the original key of the file that marks the deposit complete, as of the checked
 *                                  version (null: none there, or the profile has no marker)
 * @param settleWakeAt              when the promotion gate is next asked about it on its own, while it settles (a
 *                                  quiet period after its last file); null when never
 * @param meta                      the {@code meta} map (its {@code type} is the profile), as plain values
 * @param other                     any other attribute, as plain values
 */
public record DatasetRecord(String datasetId, String name, String profile, String location, Instant created,
        Instant lastModified, Instant lastIngestedAt, Statuses status, Counts counts, long changeVersion,
        long checkedVersion, Instant checkedAt, String verdictSha256, List<String> checks, Map<String, Object> summary,
        long promotionRequestedVersion, Approval approval, Map<String, String> tampered, int publishedVersion,
        String publishedAt, Retraction retraction, String completeMarker, Instant settleWakeAt,
        Map<String, Object> meta, Map<String, Object> other) {

    /** A version that never was: not checked, the gate not asked. */
    public static final long NEVER = -1;

    /** Where the deposit stands in original: receiving until its first object is counted. */
    public enum OriginalStatus { RECEIVING, RECEIVED }

    /** Where the dataset stands in source: ingesting until its first object is counted. */
    public enum SourceStatus { INGESTING, INGESTED }

    /** The map {@code status}: one status per tier, each null until set. */
    public record Statuses(OriginalStatus original, SourceStatus source, MetadataStatus processed,
            ProductionStatus production) {

        static final Statuses NONE = new Statuses(null, null, null, null);

        /** Tier to status as stored, for the API. */
        public Map<String, String> view() {
            Map<String, String> view = new TreeMap<>();
            if (original != null) {
                view.put("original", original.name());
            }
            if (source != null) {
                view.put("source", source.name());
            }
            if (processed != null) {
                view.put("processed", processed.wire());
            }
            if (production != null) {
                view.put("production", production.wire());
            }
            return view;
        }
    }

    /** Files and bytes per tier (0 when the item has none), and the files refused at ingest. */
    public record Counts(long originalFiles, long originalBytes, long sourceFiles, long sourceBytes,
            long processedFiles, long processedBytes, long productionFiles, long productionBytes,
            long rejectedFiles) {

        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    private static final Set<String> NAMED = Set.of("experimentId", "experimentName", "profile", "location",
            "createdDate", "lastModified", "lastIngestedAt", "status", "originalFiles", "originalBytes", "sourceFiles",
            "sourceBytes", "processedFiles", "processedBytes", "productionFiles", "productionBytes", "rejectedFiles",
            "changeVersion", "checkedVersion", "checkedAt", "verdictSha256", "checks", "summary",
            "promotionRequestedVersion", "approval", "tampered", "publishedVersion", "publishedAt", "retraction",
            "completeMarker", "settleWakeAt", "meta");

    public DatasetRecord {
        status = status == null ? Statuses.NONE : status;
        counts = counts == null ? Counts.NONE : counts;
        checks = checks == null ? List.of() : List.copyOf(checks);
        summary = summary == null ? Map.of() : summary;
        tampered = tampered == null ? Map.of() : Map.copyOf(tampered);
        meta = meta == null ? Map.of() : meta;
        other = other == null ? Map.of() : other;
    }

    /** The item of a dataset seen for the first time: receiving in original, ingesting in source. */
    static DatasetRecord created(String datasetId, String profile, String location, Instant now) {
        return new DatasetRecord(datasetId, datasetId, profile, location, now, now, null,
                new Statuses(OriginalStatus.RECEIVING, SourceStatus.INGESTING, null, null), Counts.NONE, 0, NEVER,
                null, null, List.of(), Map.of(), NEVER, null, Map.of(), 0, null, null, null, null,
                profile == null ? Map.of() : Map.of("type", profile), Map.of());
    }

    /** Whether a verdict was recorded (for some version). */
    public boolean checked() {
        return checkedVersion != NEVER && status.processed() != null;
    }

    /** Whether the verdict is of the dataset's latest state. */
    public boolean checkedIsCurrent() {
        return checked() && checkedVersion == changeVersion;
    }

    /** Whether the promotion gate was asked about the latest verdict. */
    public boolean promotionRequested() {
        return promotionRequestedVersion >= checkedVersion;
    }

    /** The newest of the item's times: its last change, its last check, its creation (EPOCH if none). */
    public Instant lastProgress() {
        Instant newest = Instant.EPOCH;
        for (Instant time : new Instant[] {lastModified, checkedAt, created}) {
            if (time != null && time.isAfter(newest)) {
                newest = time;
            }
        }
        return newest;
    }

    /** The item as stored. */
    Map<String, AttributeValue> item() {
        Map<String, AttributeValue> item = new HashMap<>();
        other.forEach((name, value) -> item.put(name, Attributes.of(value)));
        item.put("experimentId", AttributeValue.fromS(datasetId));
        putS(item, "experimentName", name);
        putS(item, "profile", profile);
        putS(item, "location", location);
        putS(item, "createdDate", created == null ? null : created.toString());
        putS(item, "lastModified", lastModified == null ? null : lastModified.toString());
        putS(item, "lastIngestedAt", lastIngestedAt == null ? null : lastIngestedAt.toString());
        Map<String, AttributeValue> statuses = new HashMap<>();
        status.view().forEach((tier, value) -> statuses.put(tier, AttributeValue.fromS(value)));
        if (!statuses.isEmpty()) {
            item.put("status", AttributeValue.fromM(statuses));
        }
        putN(item, "originalFiles", counts.originalFiles());
        putN(item, "originalBytes", counts.originalBytes());
        putN(item, "sourceFiles", counts.sourceFiles());
        putN(item, "sourceBytes", counts.sourceBytes());
        putN(item, "processedFiles", counts.processedFiles());
        putN(item, "processedBytes", counts.processedBytes());
        putN(item, "productionFiles", counts.productionFiles());
        putN(item, "productionBytes", counts.productionBytes());
        putN(item, "rejectedFiles", counts.rejectedFiles());
        putN(item, "changeVersion", changeVersion);
        if (checkedVersion != NEVER) {
            item.put("checkedVersion", AttributeValue.fromN(Long.toString(checkedVersion)));
            item.put("checks", AttributeValue.fromL(checks.stream().map(AttributeValue::fromS).toList()));
            item.put("summary", Attributes.of(summary));
        }
        putS(item, "checkedAt", checkedAt == null ? null : checkedAt.toString());
        putS(item, "verdictSha256", verdictSha256);
        if (promotionRequestedVersion != NEVER) {
            item.put("promotionRequestedVersion", AttributeValue.fromN(Long.toString(promotionRequestedVersion)));
        }
        if (approval != null) {
            item.put("approval", Attributes.of(approval.plain()));
        }
        if (!tampered.isEmpty()) {
            Map<String, AttributeValue> held = new HashMap<>();
            tampered.forEach((key, why) -> held.put(key, AttributeValue.fromS(why)));
            item.put("tampered", AttributeValue.fromM(held));
        }
        putN(item, "publishedVersion", publishedVersion);
        putS(item, "publishedAt", publishedAt);
        if (retraction != null) {
            item.put("retraction", Attributes.of(retraction.view()));
        }
        putS(item, "completeMarker", completeMarker);
        putS(item, "settleWakeAt", settleWakeAt == null ? null : settleWakeAt.toString());
        if (!meta.isEmpty()) {
            item.put("meta", Attributes.of(meta));
        }
        return item;
    }

    /** The record of a stored item. */
    static DatasetRecord from(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> statuses = item.containsKey("status") && item.get("status").hasM()
                ? item.get("status").m() : Map.of();
        Statuses status = new Statuses(
                enumOf(OriginalStatus.class, s(statuses, "original")),
                enumOf(SourceStatus.class, s(statuses, "source")),
                s(statuses, "processed") == null ? null : MetadataStatus.of(s(statuses, "processed")),
                s(statuses, "production") == null ? null : ProductionStatus.of(s(statuses, "production")));
        Counts counts = new Counts(n(item, "originalFiles", 0), n(item, "originalBytes", 0),
                n(item, "sourceFiles", 0), n(item, "sourceBytes", 0), n(item, "processedFiles", 0),
                n(item, "processedBytes", 0), n(item, "productionFiles", 0), n(item, "productionBytes", 0),
                n(item, "rejectedFiles", 0));
        Map<String, Object> other = new LinkedHashMap<>();
        item.forEach((name, value) -> {
            if (!NAMED.contains(name)) {
                other.put(name, Attributes.plain(value));
            }
        });
        return new DatasetRecord(s(item, "experimentId"), s(item, "experimentName"), s(item, "profile"),
                s(item, "location"), instant(s(item, "createdDate")), instant(s(item, "lastModified")),
                instant(s(item, "lastIngestedAt")), status,
                counts, n(item, "changeVersion", 0), n(item, "checkedVersion", NEVER),
                instant(s(item, "checkedAt")), s(item, "verdictSha256"), checksOf(item), mapOf(item, "summary"),
                n(item, "promotionRequestedVersion", NEVER),
                item.containsKey("approval") && item.get("approval").hasM()
                        ? Approval.from(mapOf(item, "approval")) : null,
                tamperedOf(item), (int) n(item, "publishedVersion", 0), s(item, "publishedAt"),
                item.containsKey("retraction") && item.get("retraction").hasM()
                        ? Retraction.from(mapOf(item, "retraction")) : null,
                s(item, "completeMarker"), instant(s(item, "settleWakeAt")), mapOf(item, "meta"), other);
    }

    /** The keys held as tampered in an item. */
    static Map<String, String> tamperedOf(Map<String, AttributeValue> item) {
        AttributeValue held = item.get("tampered");
        if (held == null || !held.hasM()) {
            return Map.of();
        }
        Map<String, String> keys = new TreeMap<>();
        held.m().forEach((key, why) -> keys.put(key, why.s()));
        return keys;
    }

    private static List<String> checksOf(Map<String, AttributeValue> item) {
        AttributeValue checks = item.get("checks");
        return checks == null || !checks.hasL() ? List.of() : checks.l().stream().map(AttributeValue::s).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(Map<String, AttributeValue> item, String name) {
        return Attributes.plain(item.get(name)) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String wire) {
        return wire == null ? null : Enum.valueOf(type, wire);
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long n(Map<String, AttributeValue> item, String name, long absent) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? absent : Long.parseLong(value.n());
    }

    private static void putS(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, AttributeValue.fromS(value));
        }
    }

    private static void putN(Map<String, AttributeValue> item, String name, long value) {
        if (value != 0) {
            item.put(name, AttributeValue.fromN(Long.toString(value)));
        }
    }
}
