package io.bucketbrigade.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.provision.Provisioner;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The files of a receive recorded in the catalogue together: one request when every file is new to its dataset,
 * new datasets included, and the same entries as one file at a time when a key is there already (the same version
 * keeps what enrich added, a new version replaces the entry).
 */
class CatalogueFilesTest {

    static final BrigadeProperties NAMES = new BrigadeProperties("brigade", "files-test", Map.of(), Map.of(),
            Map.of(), "brigade-files-test", Map.of("assets", "assets", "rejections", "rejections", "lineage",
            "lineage"));

    /** MongoDB commands sent by the catalogue, by name. */
    static final Map<String, AtomicInteger> COMMANDS = new ConcurrentHashMap<>();

    static MongoClient mongo;
    static StackClients clients;

    final Catalogue catalogue = new Catalogue(mongo, NAMES, Clock.systemUTC());
    final String prefix = "files-" + UUID.randomUUID() + "-";

    @BeforeAll
    static void provision() {
        LocalStackProcess stack = SharedLocalStack.get();
        clients = new StackClients(stack);
        CommandListener counter = new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                COMMANDS.computeIfAbsent(event.getCommandName(), c -> new AtomicInteger()).incrementAndGet();
            }
        };
        mongo = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(stack.mongodb())).addCommandListener(counter).build());
        new Provisioner(NAMES, clients.s3(), clients.dynamoDb(), clients.sqs(), mongo).provision();
    }

    @AfterAll
    static void close() {
        mongo.close();
        clients.close();
    }

    @BeforeEach
    void count() {
        COMMANDS.clear();
    }

    Catalogue.FileRecord file(String dataset, String name, String sha256) {
        return new Catalogue.FileRecord(prefix + dataset, "generic", "source", "s3://source/" + prefix + dataset,
                new Document("key", prefix + dataset + "/" + name).append("sha256", sha256).append("tier", "source"));
    }

    /** What enrich found of a file: its processed entry with this SHA-256. */
    Catalogue.ProcessedRecord processed(String dataset, String name, String sha256) {
        return new Catalogue.ProcessedRecord(prefix + dataset, prefix + dataset + "/" + name,
                "s3://processed/" + prefix + dataset, new Document("key", prefix + dataset + "/" + name)
                        .append("sha256", sha256));
    }

    Document asset(String dataset) {
        return catalogue.asset(prefix + dataset).orElseThrow();
    }

    static List<String> keys(Document asset) {
        return asset.getList("files", Document.class).stream().map(f -> f.getString("key")).toList();
    }

    @Test
    void newFilesOfNewAndCataloguedDatasetsAreOneRequest() {
        catalogue.recordFile(prefix + "old", "generic", "source", "s3://source/" + prefix + "old",
                new Document("key", prefix + "old/first.csv").append("sha256", "a1"));
        COMMANDS.clear();

        catalogue.recordFiles(List.of(file("new", "a.csv", "b1"), file("old", "b.csv", "b2"),
                file("new", "c.csv", "b3")));

        assertThat(COMMANDS).containsOnlyKeys("update");
        assertThat(COMMANDS.get("update")).hasValue(1);
        Document created = asset("new");
        assertThat(keys(created)).containsExactly(prefix + "new/a.csv", prefix + "new/c.csv");
        assertThat(created.getString("name")).isEqualTo(prefix + "new");
        assertThat(created.getString("metadata_status")).isEqualTo("Unknown");
        assertThat(created.getString("profile")).isEqualTo("generic");
        assertThat(created.get("tiers", Document.class).get("source", Document.class).getString("location"))
                .isEqualTo("s3://source/" + prefix + "new");
        assertThat(keys(asset("old"))).containsExactly(prefix + "old/first.csv", prefix + "old/b.csv");
    }

    @Test
    void aFileRecordedAgainKeepsWhatEnrichAddedAndANewVersionReplacesIt() {
        catalogue.recordFiles(List.of(file("d", "a.csv", "v1"), file("d", "b.csv", "v1")));
        catalogue.recordProcessedAll(List.of(processed("d", "a.csv", "v1"), processed("d", "b.csv", "v1")));

        // a redelivered a.csv, a new version of b.csv and a new c.csv in one receive
        catalogue.recordFiles(List.of(file("d", "a.csv", "v1"), file("d", "b.csv", "v2"), file("d", "c.csv", "v1")));

        Document asset = asset("d");
        assertThat(keys(asset)).containsExactly(prefix + "d/a.csv", prefix + "d/b.csv", prefix + "d/c.csv");
        Map<String, Document> files = new HashMap<>();
        asset.getList("files", Document.class).forEach(f -> files.put(f.getString("key"), f));
        assertThat(files.get(prefix + "d/a.csv").get("processed")).as("the same version keeps its facts")
                .isNotNull();
        assertThat(files.get(prefix + "d/b.csv").getString("sha256")).isEqualTo("v2");
        assertThat(files.get(prefix + "d/b.csv").get("processed")).as("a new version starts without facts")
                .isNull();
        assertThat(files.get(prefix + "d/c.csv").getString("sha256")).isEqualTo("v1");
    }
}
