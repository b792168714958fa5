package io.bucketbrigade.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.provision.Provisioner;
import io.bucketbrigade.support.LocalStackProcess;
import io.bucketbrigade.support.SharedLocalStack;
import io.bucketbrigade.support.StackClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's datasets table as the catalogue answers it: the furthest tier each dataset reached (kept by the
 * updates that record the tiers), counts per tier, filters, newest change first, a page at a time.
 */
class CatalogueQueryTest {

    static final BrigadeProperties NAMES = new BrigadeProperties("brigade", "query-test", Map.of(), Map.of(),
            Map.of(), "brigade-query-test", Map.of("assets", "assets", "rejections", "rejections", "lineage",
            "lineage"));

    static MongoClient mongo;
    static StackClients clients;

    /** Each write one second after the last: "newest change first" is then known. */
    final TestClock clock = new TestClock();

    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }

        synchronized void skip(java.time.Duration time) {
            now = now.plus(time);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    final Catalogue catalogue = new Catalogue(mongo, NAMES, clock);
    final String prefix = "query-" + UUID.randomUUID() + "-";

    @BeforeAll
    static void provision() {
        LocalStackProcess stack = SharedLocalStack.get();
        clients = new StackClients(stack);
        mongo = MongoClients.create(stack.mongodb());
        new Provisioner(NAMES, clients.s3(), clients.dynamoDb(), clients.sqs(), mongo).provision();
    }

    @AfterAll
    static void close() {
        mongo.close();
        clients.close();
    }

    void inSource(String dataset, String profile) {
        catalogue.recordFile(prefix + dataset, profile, "source", "s3://source/" + prefix + dataset,
                new Document("key", prefix + dataset + "/a.csv").append("sha256", "aa"));
    }

    void processed(String dataset) {
        catalogue.recordProcessedAll(List.of(new Catalogue.ProcessedRecord(prefix + dataset,
                prefix + dataset + "/a.csv", "s3://processed/" + prefix + dataset,
                new Document("key", prefix + dataset + "/a.csv").append("sha256", "aa"))));
    }

    List<String> ids(Catalogue.DatasetPage page) {
        return page.rows().stream().map(r -> r.getString("name").substring(prefix.length())).toList();
    }

    @Test
    void eachDatasetIsCountedInTheFurthestTierItReachedNewestChangeFirst() {
        inSource("a", "tenx");
        inSource("b", "tenx");
        processed("b");
        inSource("c", "cellpainting");
        processed("c");
        catalogue.recordPublished(prefix + "c", "s3://production/c/manifest.json", 1, "2026-01-01T00:00:10Z");
        // a late file of a published dataset reaches source: the dataset is still in production
        catalogue.recordFile(prefix + "c", "cellpainting", "source", "s3://source/c",
                new Document("key", prefix + "c/late.csv").append("sha256", "bb"));

        Catalogue.DatasetPage all = catalogue.datasets(new Catalogue.DatasetQuery(null, null, null, prefix), 0, 50);
        assertThat(ids(all)).containsExactly("c", "b", "a");
        assertThat(all.total()).isEqualTo(3);
        assertThat(all.perTier()).containsExactly(Map.entry("source", 1L), Map.entry("processed", 1L),
                Map.entry("production", 1L));
        assertThat(all.rows()).allSatisfy(row -> assertThat(row).doesNotContainKey("files"));
        assertThat(Catalogue.tierOf(all.rows().get(0))).isEqualTo("production");

        Catalogue.DatasetPage processed = catalogue.datasets(new Catalogue.DatasetQuery(null, null, "processed",
                prefix), 0, 50);
        assertThat(ids(processed)).containsExactly("b");
        assertThat(processed.total()).isEqualTo(1);
        // the counts per tier stay those of the query without its tier: the other tiers can be chosen from them
        assertThat(processed.perTier()).isEqualTo(all.perTier());
    }

    @Test
    void filtersByProfileStatusAndIdAndPages() {
        inSource("tenx-1", "tenx");
        inSource("tenx-2", "tenx");
        inSource("cp-1", "cellpainting");
        catalogue.recordVerdict(prefix + "tenx-2", "s3://processed/x", MetadataStatus.INVALID, List.of("bad"),
                Map.of(), List.of(), Map.of());
        catalogue.recordPublished(prefix + "cp-1", "s3://production/cp-1/manifest.json", 1, "2026-01-01T00:00:10Z");

        assertThat(ids(catalogue.datasets(new Catalogue.DatasetQuery("tenx", null, null, prefix), 0, 50)))
                .containsExactly("tenx-2", "tenx-1");
        assertThat(ids(catalogue.datasets(new Catalogue.DatasetQuery(null, "Invalid", null, prefix), 0, 50)))
                .containsExactly("tenx-2");
        assertThat(ids(catalogue.datasets(new Catalogue.DatasetQuery(null, "published", null, prefix), 0, 50)))
                .containsExactly("cp-1");
        assertThat(ids(catalogue.datasets(new Catalogue.DatasetQuery(null, null, null, prefix + "tenx"), 0, 50)))
                .containsExactly("tenx-2", "tenx-1");
        // an id holding characters that mean something in a regular expression is matched as written
        assertThat(catalogue.datasets(new Catalogue.DatasetQuery(null, null, null, prefix + ".*"), 0, 50).total())
                .isZero();

        Catalogue.DatasetQuery everything = new Catalogue.DatasetQuery(null, null, null, prefix);
        assertThat(ids(catalogue.datasets(everything, 0, 2))).containsExactly("cp-1", "tenx-2");
        assertThat(ids(catalogue.datasets(everything, 1, 2))).containsExactly("tenx-1");
        assertThat(catalogue.datasets(everything, 1, 2).total()).isEqualTo(3);
    }

    @Test
    void aPageIsTheSameWhetherTheLastDayFillsItOrNot() {
        inSource("last-week", "tenx");
        clock.skip(java.time.Duration.ofDays(7));
        inSource("today-1", "tenx");
        inSource("today-2", "tenx");

        Catalogue.DatasetQuery everything = new Catalogue.DatasetQuery(null, null, null, prefix);
        assertThat(ids(catalogue.datasets(everything, 0, 2))).containsExactly("today-2", "today-1");
        assertThat(ids(catalogue.datasets(everything, 1, 2))).containsExactly("last-week");
        assertThat(ids(catalogue.datasets(everything, 0, 3))).containsExactly("today-2", "today-1", "last-week");
    }

    /** Found by ChaosSoakIT: a server restarted while MongoDB was cut failed to start on this step. */
    @Test
    void aServerStartingWhileMongoDbIsAwayStillStartsAndRanksTheTiersLater() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0);
                MongoClient away = MongoClients.create("mongodb://127.0.0.1:" + taken.getLocalPort()
                        + "/?serverSelectionTimeoutMS=300&connectTimeoutMS=300")) {
            Catalogue starting = new Catalogue(away, NAMES, clock);
            taken.close(); // nothing listens there any more

            starting.rankTiersAtStart(); // does not throw: tried again in the background

            starting.stopRankRetries();
        }
    }

    @Test
    void datasetsCataloguedBeforeTheTierRankAreRankedOnce() {
        inSource("old-source", "tenx");
        inSource("old-production", "tenx");
        catalogue.recordPublished(prefix + "old-production", "s3://production/x/manifest.json", 1, "2026-01-01T00:00:10Z");
        var assets = mongo.getDatabase(NAMES.database()).getCollection("assets");
        assets.updateMany(Filters.regex("name", "^" + prefix), Updates.unset("tier_rank"));

        assertThat(catalogue.rankTiers()).isGreaterThanOrEqualTo(2);
        assertThat(catalogue.rankTiers()).isZero();
        Catalogue.DatasetPage page = catalogue.datasets(new Catalogue.DatasetQuery(null, null, null, prefix), 0, 50);
        assertThat(page.perTier()).containsExactly(Map.entry("source", 1L), Map.entry("processed", 0L),
                Map.entry("production", 1L));
    }

    @Test
    void theTableHasItsIndexes() {
        List<String> names = new ArrayList<>();
        mongo.getDatabase(NAMES.database()).getCollection("assets").listIndexes()
                .forEach(index -> names.add(index.getString("name")));
        assertThat(names).contains("last_modified", "profile_last_modified", "tier_last_modified",
                "status_last_modified");
    }
}
