package io.bucketbrigade.openlineage;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Deposits;
import io.bucketbrigade.support.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * OpenLineage as a lineage server (Marquez) sees it: every hop reports its runs (START, then COMPLETE or FAIL)
 * over HTTP at {@code /api/v1/lineage}; every event is valid against the OpenLineage JSON Schema and each facet
 * against the schema its {@code _schemaURL} names; and a production object traces back through the runs, each
 * reading what the one before wrote, to the exact bytes its depositor uploaded.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=openlineage", "brigade.watcher.period=300ms"})
class OpenLineageTest {

    static final List<JsonNode> EVENTS = Collections.synchronizedList(new ArrayList<>());
    static final Set<String> PATHS = Collections.synchronizedSet(new HashSet<>());
    static final ObjectMapper JSON = new ObjectMapper();
    static HttpServer marquez;

    @DynamicPropertySource
    static void openLineage(DynamicPropertyRegistry registry) throws IOException {
        marquez = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        marquez.createContext("/", OpenLineageTest::receive);
        marquez.start();
        registry.add("brigade.openlineage.url", () -> "http://127.0.0.1:" + marquez.getAddress().getPort());
    }

    static void receive(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            PATHS.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            EVENTS.add(JSON.readTree(in));
        }
        exchange.sendResponseHeaders(201, -1);
        exchange.close();
    }

    @AfterAll
    static void stop() {
        marquez.stop(0);
    }

    @Autowired
    S3Client s3;
    @Autowired
    BrigadeProperties names;
    @Autowired
    TestRestTemplate http;

    @TempDir
    Path folder;

    @Test
    void aProductionObjectTracesBackThroughTheHopsRunsToItsUpload() throws Exception {
        String experiment = Fixtures.experimentId();
        byte[] barcodes = gzip("B1\nB2\n");
        Deposits.syncTenx(folder, names.buckets().get("original"), experiment, barcodes);
        String production = names.buckets().get("production");
        String version = experiment + "/v1";

        JsonNode publication = await().atMost(Duration.ofSeconds(90)).until(() -> completed("publish-version")
                .filter(e -> names(e.get("outputs")).contains("s3://" + production + "/" + version)).findFirst()
                .orElse(null), e -> e != null);
        JsonNode manifest = JSON.readTree(s3.getObjectAsBytes(g -> g.bucket(production)
                .key(experiment + "/manifest.json")).asByteArray());
        assertThat(PATHS).containsOnly("POST /api/v1/lineage");

        // the version's run read each of its files in processed, as the manifest lists them
        assertThat(publication.get("inputs")).hasSize(manifest.get("files").size());
        assertThat(publication.at("/job/namespace").asText()).isEqualTo("bucket-brigade");
        assertThat(publication.at("/job/facets/bucketbrigade_routeFile/file").asText())
                .isEqualTo("processed-to-production.camel.yaml");
        assertThat(publication.at("/job/facets/bucketbrigade_routeFile/version").asText()).hasSize(64);

        // from each file of the production version back to the upload, each run reading what the one before wrote
        Set<String> uploads = new HashSet<>();
        for (JsonNode file : manifest.get("files")) {
            assertThat(file.get("object").asText()).startsWith(version + "/");
            JsonNode processed = input(publication, file.get("sha256").asText());
            JsonNode writer = writerOf(processed);
            if (writer.at("/job/name").asText().equals("check-dataset")) {
                continue; // a metadata sidecar: written by the dataset check from the files above
            }
            assertThat(writer.at("/job/name").asText()).isEqualTo("enrich-object");
            JsonNode ingest = writerOf(writer.get("inputs").get(0));
            assertThat(ingest.at("/job/name").asText()).isEqualTo("ingest-object");
            JsonNode original = ingest.get("inputs").get(0);
            assertThat(original.get("namespace").asText()).isEqualTo("s3://" + names.buckets().get("original"));
            uploads.add(original.get("name").asText());
            if (original.get("name").asText().endsWith("barcodes.tsv.gz")) {
                assertThat(original.at("/facets/bucketbrigade_checksum/sha256").asText())
                        .as("the exact bytes uploaded").isEqualTo(Fixtures.sha256(barcodes));
            }
        }
        assertThat(uploads).containsExactlyInAnyOrder(experiment + "/s1/barcodes.tsv.gz",
                experiment + "/s1/genes.tsv", experiment + "/s1/matrix.mtx");

        // each run began before it completed, with the same run id
        for (JsonNode done : List.copyOf(EVENTS)) {
            if (done.get("eventType").asText().equals("COMPLETE") && relevant(done, experiment)) {
                JsonNode start = await().atMost(Duration.ofSeconds(10)).until(() -> event("START",
                        done.at("/run/runId").asText()), Optional::isPresent).orElseThrow();
                assertThat(OffsetDateTime.parse(start.get("eventTime").asText()))
                        .isBeforeOrEqualTo(OffsetDateTime.parse(done.get("eventTime").asText()));
                assertThat(start.at("/job/name")).isEqualTo(done.at("/job/name"));
            }
        }
        OpenLineageSchemas.assertValid(List.copyOf(EVENTS));
    }

    @Test
    void aRetractionIsARunThatReadsTheWithdrawnVersionAndWritesTheTombstoneAndADryRunReportsNothing() {
        String experiment = Fixtures.experimentId();
        Deposits.syncTenx(folder, names.buckets().get("original"), experiment, gzip("B1\nB2\n"));
        String production = "s3://" + names.buckets().get("production") + "/";
        await().atMost(Duration.ofSeconds(90)).until(() -> completed("publish-version")
                .anyMatch(e -> names(e.get("outputs")).contains(production + experiment + "/v1")));

        assertThat(http.postForEntity("/api/datasets/" + experiment + "/retraction",
                Map.of("reason", "consent withdrawn", "dryRun", true), JsonNode.class).getStatusCode().value())
                .isEqualTo(200);
        assertThat(http.postForEntity("/api/datasets/" + experiment + "/retraction",
                Map.of("reason", "consent withdrawn"), JsonNode.class).getStatusCode().value()).isEqualTo(200);

        JsonNode retraction = await().atMost(Duration.ofSeconds(10)).until(() -> completed("retract-dataset")
                .filter(e -> names(e.get("inputs")).contains(production + experiment + "/v1")).findFirst()
                .orElse(null), e -> e != null);
        assertThat(names(retraction.get("outputs"))).containsExactly(production + experiment + "/manifest.json");
        assertThat(event("START", retraction.at("/run/runId").asText())).isPresent();
        assertThat(List.copyOf(EVENTS)).filteredOn(e -> e.at("/job/name").asText().equals("retract-dataset"))
                .filteredOn(e -> relevant(e, experiment)).as("the dry run reported nothing").hasSize(2);
        OpenLineageSchemas.assertValid(List.of(retraction));
    }

    @Test
    void aRefusedUploadEndsItsRunFailedWithTheRuleAndMessage() throws IOException {
        String experiment = Fixtures.experimentId();
        Files.createDirectories(folder.resolve(experiment).resolve("s1"));
        Files.write(folder.resolve(experiment).resolve("s1").resolve("notes.txt"), utf8("no rule of tenx takes it"));
        Deposits.syncTenx(folder, names.buckets().get("original"), experiment, gzip("B1\nB2\n"));
        String key = experiment + "/s1/notes.txt";

        JsonNode failed = await().atMost(Duration.ofSeconds(60)).until(() -> List.copyOf(EVENTS).stream()
                .filter(e -> e.get("eventType").asText().equals("FAIL"))
                .filter(e -> names(e.get("inputs")).contains("s3://" + names.buckets().get("original") + "/" + key))
                .findFirst().orElse(null), e -> e != null);

        assertThat(failed.at("/job/name").asText()).isEqualTo("ingest-object");
        assertThat(failed.at("/run/facets/errorMessage/message").asText()).startsWith("unknown-file: ")
                .contains("10x experiment");
        assertThat(failed.get("outputs")).isEmpty();
        assertThat(event("START", failed.at("/run/runId").asText())).isPresent();
        OpenLineageSchemas.assertValid(List.of(failed));
    }

    static java.util.stream.Stream<JsonNode> completed(String job) {
        return List.copyOf(EVENTS).stream().filter(e -> e.get("eventType").asText().equals("COMPLETE"))
                .filter(e -> e.at("/job/name").asText().equals(job));
    }

    static Optional<JsonNode> event(String type, String runId) {
        return List.copyOf(EVENTS).stream().filter(e -> e.get("eventType").asText().equals(type))
                .filter(e -> e.at("/run/runId").asText().equals(runId)).findFirst();
    }

    /** The completed run whose outputs hold this dataset, with the same content. */
    static JsonNode writerOf(JsonNode dataset) {
        String name = dataset.get("namespace").asText() + "/" + dataset.get("name").asText();
        String sha256 = dataset.at("/facets/bucketbrigade_checksum/sha256").asText();
        return List.copyOf(EVENTS).stream().filter(e -> e.get("eventType").asText().equals("COMPLETE"))
                .filter(e -> {
                    for (JsonNode output : e.get("outputs")) {
                        if ((output.get("namespace").asText() + "/" + output.get("name").asText()).equals(name)
                                && output.at("/facets/bucketbrigade_checksum/sha256").asText().equals(sha256)) {
                            return true;
                        }
                    }
                    return false;
                }).findFirst().orElseThrow(() -> new AssertionError("No completed run wrote " + name));
    }

    static JsonNode input(JsonNode run, String sha256) {
        for (JsonNode input : run.get("inputs")) {
            if (input.at("/facets/bucketbrigade_checksum/sha256").asText().equals(sha256)) {
                return input;
            }
        }
        throw new AssertionError("No input with SHA-256 " + sha256 + " in " + run);
    }

    static List<String> names(JsonNode datasets) {
        List<String> names = new ArrayList<>();
        datasets.forEach(d -> names.add(d.get("namespace").asText() + "/" + d.get("name").asText()));
        return names;
    }

    static boolean relevant(JsonNode event, String experiment) {
        return names(event.get("inputs")).stream().anyMatch(n -> n.contains("/" + experiment + "/"))
                || names(event.get("outputs")).stream().anyMatch(n -> n.contains("/" + experiment + "/"));
    }
}
