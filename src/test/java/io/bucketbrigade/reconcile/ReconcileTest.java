package io.bucketbrigade.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.records.AindRecords;
import io.bucketbrigade.records.CanonicalJson;
import io.bucketbrigade.support.BrigadeServerTest;
import org.bson.Document;
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
                "DELETE " + root + "acquisition.json (corrupt; its copy is kept)",
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

        JsonNode again = runJob("docdb-to-s3", Map.of());
        assertThat(lines(again)).as("in agreement: nothing to do")
                .noneMatch(line -> line.contains(prefix) || line.contains(id));
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
