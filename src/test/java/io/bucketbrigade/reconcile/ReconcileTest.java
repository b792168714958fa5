package io.bucketbrigade.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.AindRecords;
import io.bucketbrigade.records.CanonicalJson;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Fixtures;
import org.bson.Document;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The AIND indexer's outcomes, run as operators run the jobs (POST /api/jobs/{name}): the eight cases of a core
 * schema file (one asset holds all eight, one per field), a corrupt root file, a vanished prefix, invalid
 * locations, the look-back window, paging past 200 records, and the registration of a derived asset.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=reconcile", "brigade.watcher.enabled=false"})
class ReconcileTest {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    static final String OLD_COPY_DAY = "20240105";

    @Autowired
    S3Client s3;
    @Autowired
    MongoClient mongo;
    @Autowired
    BrigadeProperties names;
    @Autowired
    TestRestTemplate http;

    @Test
    void eachOfTheEightCasesEndsAsTheIndexerLeavesIt() {
        String prefix = "ecephys_642478_2023-01-17_13-56-29_" + System.nanoTime();
        String id = UUID.randomUUID().toString();
        Map<String, Object> subject = Map.of("subject_id", "642478", "sex", "Male");
        Map<String, Object> description = Map.of("name", prefix, "data_level", "raw", "schema_version", "1.0.0");
        Map<String, Object> procedures = Map.of("subject_procedures", List.of());
        Map<String, Object> session = Map.of("session_type", "ecephys");
        Map<String, Object> processing = Map.of("processing_pipeline", Map.of("data_processes", List.of()));
        Document record = asset(id, prefix)
                // 1. in the record, root file (other content), dated copy: the root file is rewritten
                .append("subject", new Document(subject))
                // 2. in the record, root file (same content), no copy: the root file is copied, not rewritten
                .append("data_description", new Document(description))
                // 3. in the record, no root file, dated copy: the root file is written
                .append("procedures", new Document(procedures))
                // 4. in the record, no root file, no copy: the root file is written, then copied
                .append("session", new Document(session))
                // 5. null, root file, dated copy: the root file is deleted, its copy kept
                .append("rig", null)
                // 6. null, root file, no copy: copied, and read into the record (a corrupt one is deleted)
                .append("processing", null)
                .append("acquisition", null)
                // 7. null, no root file, dated copy: nothing
                .append("instrument", null)
                // 8. null, no root file, no copy: nothing
                .append("quality_control", null);
        assets().insertOne(record);
        put(prefix + "/subject.json", json(Map.of("subject_id", "642478", "sex", "Female")));
        put(prefix + "/original_metadata/subject." + OLD_COPY_DAY + ".json", json(Map.of("subject_id", "642478")));
        put(prefix + "/data_description.json", json(description));
        put(prefix + "/original_metadata/procedures." + OLD_COPY_DAY + ".json", json(procedures));
        put(prefix + "/rig.json", json(Map.of("rig_id", "323_EPHYS1")));
        put(prefix + "/original_metadata/rig." + OLD_COPY_DAY + ".json", json(Map.of("rig_id", "323_EPHYS1")));
        put(prefix + "/processing.json", json(processing));
        put(prefix + "/acquisition.json", "{ not json".getBytes(StandardCharsets.UTF_8));
        put(prefix + "/original_metadata/instrument." + OLD_COPY_DAY + ".json", json(Map.of("instrument_id", "i")));
        put(prefix + "/ecephys/probe_a.dat", new byte[] {1, 2, 3});
        String descriptionETag = eTag(prefix + "/data_description.json");
        String uploaded = DAY.format(s3.headObject(h -> h.bucket(processed()).key(prefix + "/processing.json"))
                .lastModified());

        JsonNode run = runJob("docdb-to-s3", Map.of());

        String root = "s3://" + processed() + "/" + prefix + "/";
        String today = DAY.format(Instant.now());
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(lines(run)).contains(
                "WRITE " + root + "subject.json (differs from the record)",
                "COPY " + root + "data_description.json -> " + root + "original_metadata/data_description." + uploaded
                        + ".json",
                "WRITE " + root + "procedures.json (missing)",
                "WRITE " + root + "session.json (missing)",
                "COPY " + root + "session.json -> " + root + "original_metadata/session." + today + ".json",
                "DELETE " + root + "rig.json (null in the record; its copy is kept)",
                "COPY " + root + "processing.json -> " + root + "original_metadata/processing." + uploaded + ".json",
                "COPY " + root + "acquisition.json -> " + root + "original_metadata/acquisition." + uploaded + ".json",
                "DELETE " + root + "acquisition.json (not JSON: nothing to read into the record; its copy is kept)",
                "UPDATE docdb://" + names.database() + "/assets/" + id + " last_modified,processing (from the root files)",
                "WRITE " + root + "metadata.nd.json (differs from the record)");
        assertThat(lines(run)).filteredOn(line -> line.contains(prefix) || line.contains(id)).hasSize(11);

        assertThat(read(prefix + "/subject.json")).isEqualTo(json(subject));
        assertThat(keys(prefix + "/original_metadata/subject.")).containsExactly(
                prefix + "/original_metadata/subject." + OLD_COPY_DAY + ".json");
        assertThat(eTag(prefix + "/data_description.json")).as("same content: not rewritten").isEqualTo(descriptionETag);
        assertThat(read(prefix + "/original_metadata/data_description." + uploaded + ".json")).isEqualTo(json(description));
        assertThat(read(prefix + "/procedures.json")).isEqualTo(json(procedures));
        assertThat(keys(prefix + "/original_metadata/procedures.")).hasSize(1);
        assertThat(read(prefix + "/session.json")).isEqualTo(json(session));
        assertThat(read(prefix + "/original_metadata/session." + today + ".json")).isEqualTo(json(session));
        assertThat(exists(prefix + "/rig.json")).isFalse();
        assertThat(exists(prefix + "/original_metadata/rig." + OLD_COPY_DAY + ".json")).isTrue();
        assertThat(read(prefix + "/processing.json")).isEqualTo(json(processing));
        assertThat(read(prefix + "/original_metadata/processing." + uploaded + ".json")).isEqualTo(json(processing));
        assertThat(exists(prefix + "/acquisition.json")).isFalse();
        assertThat(new String(read(prefix + "/original_metadata/acquisition." + uploaded + ".json"),
                StandardCharsets.UTF_8)).isEqualTo("{ not json");
        assertThat(keys(prefix + "/instrument")).isEmpty();
        assertThat(keys(prefix + "/original_metadata/instrument.")).hasSize(1);
        assertThat(keys(prefix + "/quality_control")).isEmpty();
        assertThat(keys(prefix + "/original_metadata/quality_control")).isEmpty();

        Document updated = assets().find(new Document("_id", id)).first();
        assertThat(json(updated.get("processing"))).isEqualTo(json(processing));
        assertThat(updated.get("acquisition")).isNull();
        assertThat(updated.getDate("last_modified")).isAfter(record.getDate("last_modified"));
        assertThat(read(prefix + "/metadata.nd.json")).isEqualTo(json(AindRecords.of(updated)));
        assertThat(read(prefix + "/ecephys/probe_a.dat")).containsExactly(1, 2, 3);

        assertSecondRunHasNothingToDo(Map.of(), prefix, id);
    }

    @Nested
    class AsTheIndexerDoes {

        static final String BUCKET = "aind-indexer-fixtures";
        static final String PREFIX = "ecephys_642478_2023-01-17_13-56-29";

        @Test
        void aBucketTheIndexerWroteThatAgreesWithItsRecordsIsLeftAsItIs() {
            s3.createBucket(c -> c.bucket(BUCKET));
            Document record = (Document) ((RootFile.Value) RootFile.of(fixture("bucket/metadata.nd.json"))).value();
            assets().insertOne(record);
            for (String field : List.of("subject", "data_description", "procedures", "session", "processing")) {
                put(BUCKET, PREFIX + "/" + field + ".json", fixture("bucket/" + field + ".json"));
                put(BUCKET, PREFIX + "/original_metadata/" + field + "." + OLD_COPY_DAY + ".json",
                        fixture("bucket/" + field + ".json"));
            }
            put(BUCKET, PREFIX + "/original_metadata/instrument." + OLD_COPY_DAY + ".json", utf8("{}"));
            put(BUCKET, PREFIX + "/metadata.nd.json", fixture("bucket/metadata.nd.json"));
            put(BUCKET, PREFIX + "/ecephys/probe_a.dat", new byte[] {1});
            Map<String, String> before = objects(BUCKET, PREFIX);
            Map<String, String> params = Map.of("buckets", BUCKET);

            JsonNode dryRun = http.postForObject("/api/jobs/docdb-to-s3?dryRun=true", params, JsonNode.class);
            JsonNode run = runJob("docdb-to-s3", params);

            assertThat(lines(dryRun)).as("dry run").isEmpty();
            assertThat(lines(run)).as("real run").isEmpty();
            assertThat(objects(BUCKET, PREFIX)).as("keys, ETags and times of every object").isEqualTo(before);
            assertThat(assets().find(new Document("_id", record.get("_id"))).first()).isEqualTo(record);
            assertSecondRunHasNothingToDo(params, PREFIX, record.getString("_id"));
        }

        @Test
        void aLocationWithATrailingSlashIsValid() {
            String prefix = "trailing_slash_" + System.nanoTime();
            String id = UUID.randomUUID().toString();
            assets().insertOne(asset(id, prefix).append("location", "s3://" + processed() + "/" + prefix + "/")
                    .append("subject", new Document("subject_id", "1")));
            put(processed(), prefix + "/data.bin", new byte[] {1});

            JsonNode run = runJob("docdb-to-s3", Map.of());

            String root = "s3://" + processed() + "/" + prefix + "/";
            assertThat(lines(run)).contains("WRITE " + root + "subject.json (missing)",
                    "WRITE " + root + "metadata.nd.json (differs from the record)");
            assertThat(run.at("/result/warnings")).extracting(JsonNode::asText).noneMatch(w -> w.contains(prefix));
            assertThat(parse(read(prefix + "/metadata.nd.json")).get("location").asText()).isEqualTo(root);
            assertSecondRunHasNothingToDo(Map.of(), prefix, id);
        }

        @Test
        void onlyObjectsDirectlyInOriginalMetadataAreDatedCopies() {
            String prefix = "nested_copy_" + System.nanoTime();
            String id = UUID.randomUUID().toString();
            Map<String, Object> subject = Map.of("subject_id", "2");
            assets().insertOne(asset(id, prefix).append("subject", new Document(subject)));
            put(processed(), prefix + "/subject.json", json(subject));
            put(processed(), prefix + "/original_metadata/older/subject." + OLD_COPY_DAY + ".json", json(subject));
            String uploaded = DAY.format(s3.headObject(h -> h.bucket(processed()).key(prefix + "/subject.json"))
                    .lastModified());

            JsonNode run = runJob("docdb-to-s3", Map.of());

            String root = "s3://" + processed() + "/" + prefix + "/";
            assertThat(lines(run)).contains("COPY " + root + "subject.json -> " + root + "original_metadata/subject."
                    + uploaded + ".json");
            assertThat(read(prefix + "/original_metadata/subject." + uploaded + ".json")).isEqualTo(json(subject));
            assertSecondRunHasNothingToDo(Map.of(), prefix, id);
        }

        @Test
        void metadataNdJsonIsTheWholeRecordAsItIs() {
            String prefix = "whole_record_" + System.nanoTime();
            String id = UUID.randomUUID().toString();
            Document record = asset(id, prefix).append("describedBy", "https://example.org/metadata.py")
                    .append("external_links", null).append("subject", new Document("subject_id", "3"))
                    .append("rig", null);
            assets().insertOne(record);
            put(processed(), prefix + "/data.bin", new byte[] {1});

            runJob("docdb-to-s3", Map.of());

            JsonNode written = parse(read(prefix + "/metadata.nd.json"));
            assertThat(written.get("_id").asText()).isEqualTo(id);
            assertThat(written.get("describedBy").asText()).isEqualTo("https://example.org/metadata.py");
            assertThat(written.get("external_links").isNull()).as("null stays null, not {}").isTrue();
            assertThat(written.get("rig").isNull()).isTrue();
            assertThat(written.has("procedures")).as("no key added for a field the record lacks").isFalse();
            List<String> fields = new ArrayList<>();
            written.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactlyInAnyOrderElementsOf(assets().find(new Document("_id", id)).first()
                    .keySet());
            assertThat(read(prefix + "/metadata.nd.json")).isEqualTo(json(AindRecords.of(
                    assets().find(new Document("_id", id)).first())));
            assertSecondRunHasNothingToDo(Map.of(), prefix, id);
        }

        @Test
        void theLookBackTakesRecordsWhoseLastModifiedIsAnIsoString() {
            String run = "iso-" + System.nanoTime();
            Document recent = asset(UUID.randomUUID().toString(), run + "-recent")
                    .append("last_modified", Instant.now().minus(Duration.ofDays(1)).toString());
            Document old = asset(UUID.randomUUID().toString(), run + "-old")
                    .append("last_modified", Instant.now().minus(Duration.ofDays(40)).toString());
            assets().insertMany(List.of(recent, old));

            JsonNode result = runJob("docdb-to-s3", Map.of("lookBackDays", "14"));

            assertThat(lines(result)).contains("DELETE docdb://" + names.database() + "/assets/" + recent.get("_id")
                    + " (no objects under s3://" + processed() + "/" + run + "-recent/)");
            assertThat(assets().find(new Document("_id", recent.get("_id"))).first()).isNull();
            assertThat(assets().find(new Document("_id", old.get("_id"))).first()).as("outside the window")
                    .isNotNull();
            assets().deleteOne(new Document("_id", old.get("_id")));
        }

        @Test
        void aRootFileThatIsJsonButNotAnObjectIsStoredAsTheIndexerStoresItOrReportedNeverDeletedAsCorrupt() {
            String prefix = "root_files_" + System.nanoTime();
            String id = UUID.randomUUID().toString();
            Document record = asset(id, prefix);
            Map<String, String> files = new LinkedHashMap<>();
            files.put("processing", "list");
            files.put("session", "string");
            files.put("rig", "number");
            files.put("acquisition", "null");
            files.put("subject", "dotted-key");
            files.put("instrument", "dollar-key");
            files.put("quality_control", "big-integer");
            files.forEach((field, fixture) -> {
                record.append(field, null);
                put(processed(), prefix + "/" + field + ".json", fixture("root-files/" + fixture + ".json"));
            });
            assets().insertOne(record);
            String uploaded = DAY.format(s3.headObject(h -> h.bucket(processed()).key(prefix + "/rig.json"))
                    .lastModified());

            try {
                runTwice(prefix, id, files, uploaded);
            } finally {
                assets().deleteOne(new Document("_id", id)); // its errors would be every other test's errors
            }
        }

        private void runTwice(String prefix, String id, Map<String, String> files, String uploaded) {
            JsonNode run = http.postForObject("/api/jobs/docdb-to-s3", Map.of(), JsonNode.class);

            String root = "s3://" + processed() + "/" + prefix + "/";
            assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED_WITH_ERRORS");
            String recordName = "record " + id + " (" + prefix + "): ";
            assertThat(run.get("errors")).extracting(JsonNode::asText).containsExactlyInAnyOrder(
                    recordName + root + "subject.json not read into the record, kept as it is: key-not-storable: key"
                            + " 'file.name' at $.stimulus has a '.', a leading '$' or a NUL, which a DocumentDB field"
                            + " name cannot have",
                    recordName + root + "instrument.json not read into the record, kept as it is: key-not-storable:"
                            + " key '$ref' at $.devices[0] has a '.', a leading '$' or a NUL, which a DocumentDB"
                            + " field name cannot have",
                    recordName + root + "quality_control.json not read into the record, kept as it is:"
                            + " integer-out-of-range: integer 18446744073709551616 at $.count needs more than 64"
                            + " bits, which DocumentDB cannot store");
            assertThat(lines(run)).filteredOn(line -> line.contains(prefix) || line.contains(id)).containsExactly(
                    "COPY " + root + "session.json -> " + root + "original_metadata/session." + uploaded + ".json",
                    "COPY " + root + "rig.json -> " + root + "original_metadata/rig." + uploaded + ".json",
                    "COPY " + root + "processing.json -> " + root + "original_metadata/processing." + uploaded
                            + ".json",
                    "COPY " + root + "acquisition.json -> " + root + "original_metadata/acquisition." + uploaded
                            + ".json",
                    "DELETE " + root + "acquisition.json (JSON null: nothing to read into the record; its copy is"
                            + " kept)",
                    "UPDATE docdb://" + names.database() + "/assets/" + id + " last_modified,processing,rig,session"
                            + " (from the root files)",
                    "WRITE " + root + "metadata.nd.json (differs from the record)");
            Document updated = assets().find(new Document("_id", id)).first();
            assertThat(updated.get("processing")).isEqualTo(List.of(1, new Document("a", "é").append("b",
                    Arrays.asList(null, 2.5)), List.of()));
            assertThat(updated.get("session")).isEqualTo("a plain string, not an object");
            assertThat(updated.get("rig")).isEqualTo(1.5);
            for (String field : List.of("subject", "instrument", "quality_control")) {
                assertThat(updated.get(field)).isNull();
                assertThat(read(prefix + "/" + field + ".json")).as("kept as it is")
                        .isEqualTo(fixture("root-files/" + files.get(field) + ".json"));
                assertThat(keys(prefix + "/original_metadata/" + field)).isEmpty();
            }
            assertThat(exists(prefix + "/acquisition.json")).isFalse();
            assertThat(read(prefix + "/original_metadata/acquisition." + uploaded + ".json")).isEqualTo(utf8("null"));

            for (boolean dryRun : List.of(true, false)) {
                JsonNode again = http.postForObject("/api/jobs/docdb-to-s3?dryRun=" + dryRun, Map.of(),
                        JsonNode.class);
                assertThat(lines(again)).as("second run, dry run %s", dryRun)
                        .noneMatch(line -> line.contains(prefix) || line.contains(id));
                assertThat(again.get("errors")).as("reported again until the file is fixed").hasSize(3);
            }
        }
    }

    /** The second run, dry and real, plans and does nothing for this prefix. */
    private void assertSecondRunHasNothingToDo(Map<String, String> parameters, String prefix, String id) {
        for (boolean dryRun : List.of(true, false)) {
            JsonNode again = http.postForObject("/api/jobs/docdb-to-s3?dryRun=" + dryRun, parameters,
                    JsonNode.class);
            assertThat(again.get("errors")).isEmpty();
            assertThat(lines(again)).as("in agreement, dry run %s: nothing to do", dryRun)
                    .noneMatch(line -> line.contains(prefix) || line.contains(id));
        }
    }

    private static byte[] fixture(String path) {
        return Fixtures.resource("aind-indexer/" + path);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode parse(byte[] bytes) {
        return CanonicalJson.parse(bytes).orElseThrow();
    }

    private void put(String bucket, String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    /** Key to ETag and last-modified time of every object under a prefix. */
    private Map<String, String> objects(String bucket, String prefix) {
        Map<String, String> objects = new TreeMap<>();
        s3.listObjectsV2Paginator(l -> l.bucket(bucket).prefix(prefix + "/")).contents()
                .forEach(o -> objects.put(o.key(), o.eTag() + " " + o.lastModified()));
        return objects;
    }

    @Test
    void aRecordWhosePrefixVanishedIsRemovedAcrossPagesAndBadLocationsAreOnlyWarnedAbout() {
        String run = "vanished-" + System.nanoTime();
        List<Document> vanished = new ArrayList<>();
        for (int i = 0; i < 205; i++) {
            vanished.add(asset(UUID.randomUUID().toString(), run + "-" + i));
        }
        assets().insertMany(vanished);
        Document otherBucket = asset(UUID.randomUUID().toString(), run + "-elsewhere")
                .append("location", "s3://another-bucket/" + run + "-elsewhere");
        Document nested = asset(UUID.randomUUID().toString(), run + "-nested")
                .append("location", "s3://" + processed() + "/" + run + "/nested");
        Document old = asset(UUID.randomUUID().toString(), run + "-old")
                .append("last_modified", Date.from(Instant.now().minus(Duration.ofDays(40))));
        assets().insertMany(List.of(otherBucket, nested, old));

        JsonNode recent = runJob("docdb-to-s3", Map.of("lookBackDays", "14"));

        assertThat(assets().countDocuments(new Document("name", new Document("$regex", "^" + run + "-\\d+$"))))
                .as("records of vanished prefixes, past the first page of 200").isZero();
        assertThat(lines(recent)).contains("DELETE docdb://" + names.database() + "/assets/" + vanished.get(204)
                .get("_id") + " (no objects under s3://" + processed() + "/" + run + "-204/)");
        assertThat(assets().find(new Document("_id", old.get("_id"))).first()).as("outside the look-back window")
                .isNotNull();
        assertThat(assets().find(new Document("_id", nested.get("_id"))).first()).as("invalid location: skipped")
                .isNotNull();
        assertThat(assets().find(new Document("_id", otherBucket.get("_id"))).first()).isNotNull();
        assertThat(recent.at("/result/warnings")).extracting(JsonNode::asText).anySatisfy(warning -> assertThat(warning)
                .contains(nested.getString("_id")).contains("s3://" + processed() + "/" + run + "/nested"));

        runJob("docdb-to-s3", Map.of());
        assertThat(assets().find(new Document("_id", old.get("_id"))).first()).as("no look-back: all records")
                .isNull();
    }

    @Test
    void aDerivedAssetWithoutARecordIsRegisteredAndOtherUnknownPrefixesAreReported() {
        String derived = "ecephys_642478_2023-01-17_13-56-29_sorted_" + System.nanoTime();
        String raw = "unregistered_raw_" + System.nanoTime();
        Map<String, Object> description = Map.of("name", derived, "data_level", "derived",
                "schema_version", "1.3.0");
        Map<String, Object> subject = Map.of("subject_id", "642478");
        put(derived + "/data_description.json", json(description));
        put(derived + "/subject.json", json(subject));
        put(derived + "/sorting/units.npy", new byte[] {9});
        put(raw + "/data_description.json", json(Map.of("name", raw, "data_level", "raw")));

        JsonNode run = runJob("s3-to-docdb", Map.of());

        String location = "s3://" + processed() + "/" + derived;
        assertThat(run.at("/result/registered")).extracting(JsonNode::asText).contains(location);
        assertThat(run.at("/result/unknown")).extracting(JsonNode::asText).contains(
                "s3://" + processed() + "/" + raw + " has no record and is not a derived asset");
        Document record = assets().find(new Document("location", location)).first();
        assertThat(record).isNotNull();
        assertThat(record.getString("name")).isEqualTo(derived);
        assertThat(record.get("data_description", Document.class)).isEqualTo(new Document(description));
        assertThat(record.get("subject", Document.class)).isEqualTo(new Document(subject));
        assertThat(record.get("schema_version")).isEqualTo("1.3.0");
        assertThat(record.getString("metadata_status")).isEqualTo("Unknown");
        assertThat(record.containsKey("procedures")).isTrue();
        assertThat(record.get("procedures")).isNull();
        assertThat(assets().countDocuments(new Document("name", raw))).as("raw assets register at upload").isZero();

        JsonNode again = runJob("s3-to-docdb", Map.of());
        assertThat(again.at("/result/registered")).extracting(JsonNode::asText).doesNotContain(location);
        assertThat(assets().countDocuments(new Document("location", location))).isEqualTo(1);
    }

    @Test
    void aMissingBucketIsAnErrorOfTheRunAndABadRecordAWarningNeitherStopsIt() {
        String run = "errors-" + System.nanoTime();
        Document bad = asset(UUID.randomUUID().toString(), run + "-bad")
                .append("location", List.of("s3://" + processed() + "/" + run + "-bad"));
        Document vanished = asset(UUID.randomUUID().toString(), run + "-vanished");
        assets().insertMany(List.of(bad, vanished));

        for (String job : List.of("docdb-to-s3", "s3-to-docdb")) {
            JsonNode result = http.postForObject("/api/jobs/" + job, Map.of("buckets",
                    "no-such-bucket-" + run + "," + processed()), JsonNode.class);

            assertThat(result.get("state").asText()).isEqualTo("SUCCEEDED_WITH_ERRORS");
            assertThat(result.get("errors")).extracting(JsonNode::asText)
                    .containsExactly("bucket no-such-bucket-" + run + ": no such bucket");
        }
        assertThat(assets().find(new Document("_id", vanished.get("_id"))).first()).as("the run went on").isNull();
        assertThat(assets().find(new Document("_id", bad.get("_id"))).first()).as("skipped").isNotNull();
        assets().deleteOne(new Document("_id", bad.get("_id")));
    }

    @Test
    void theIndexerIsRefusedTheOriginalBucket() {
        String original = names.buckets().get("original");

        ResponseEntity<String> response = http.postForEntity("/api/jobs/docdb-to-s3", Map.of("buckets",
                processed() + "," + original), String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getBody()).contains("bucket " + original + " is the original bucket");
    }

    private JsonNode runJob(String job, Map<String, String> parameters) {
        JsonNode run = http.postForObject("/api/jobs/" + job, parameters, JsonNode.class);
        assertThat(run.get("errors")).as("errors of %s", job).isEmpty();
        return run;
    }

    private static List<String> lines(JsonNode run) {
        List<String> lines = new ArrayList<>();
        run.get("operations").forEach(line -> lines.add(line.asText()));
        return lines;
    }

    private Document asset(String id, String prefix) {
        Date created = Date.from(Instant.now().minus(Duration.ofDays(1)));
        return new Document("_id", id).append("name", prefix)
                .append("location", "s3://" + processed() + "/" + prefix)
                .append("created", created).append("last_modified", created)
                .append("metadata_status", "Valid").append("external_links", new Document())
                .append("schema_version", "1.0.0");
    }

    private MongoCollection<Document> assets() {
        return mongo.getDatabase(names.database()).getCollection(names.collections().get("assets"));
    }

    private static byte[] json(Object content) {
        return CanonicalJson.bytes(content);
    }

    private void put(String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(processed()).key(key), RequestBody.fromBytes(bytes));
    }

    private byte[] read(String key) {
        return s3.getObjectAsBytes(g -> g.bucket(processed()).key(key)).asByteArray();
    }

    private boolean exists(String key) {
        try {
            s3.headObject(h -> h.bucket(processed()).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    private String eTag(String key) {
        return s3.headObject(h -> h.bucket(processed()).key(key)).eTag();
    }

    private List<String> keys(String prefix) {
        return s3.listObjectsV2(l -> l.bucket(processed()).prefix(prefix)).contents().stream().map(o -> o.key())
                .toList();
    }

    private String processed() {
        return names.buckets().get("processed");
    }
}
