package io.bucketbrigade.reconcile;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Fixtures;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Verify across the tiers: a published experiment verifies clean; after one object is deleted from production
 * and one in processed is overwritten with other bytes of the same size, verify (of the dataset, and of the whole
 * environment) reports exactly those two, in its API result and in the JSON report it stores.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=verify", "brigade.watcher.period=300ms"})
class VerifyTest {

    @Autowired
    S3Client s3;
    @Autowired
    BrigadeProperties names;
    @Autowired
    TestRestTemplate http;
    @Autowired
    CamelContext camel;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void verifyReportsExactlyTheDeletedProductionObjectAndTheOverwrittenProcessedOne() throws Exception {
        String experiment = Fixtures.experimentId();
        put(names.buckets().get("original"), experiment + "/s1/barcodes.tsv.gz", gzip("B1\nB2\n"));
        put(names.buckets().get("original"), experiment + "/s1/features.tsv.gz", gzip("G1\tg1\nG2\tg2\nG3\tg3\n"));
        put(names.buckets().get("original"), experiment + "/s1/matrix.mtx", utf8(
                "%%MatrixMarket matrix coordinate integer general\n3 2 3\n1 1 5\n2 2 1\n3 1 7\n"));
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().until(() -> s3.headObject(h -> h
                .bucket(production()).key(experiment + "/manifest.json")) != null);

        JsonNode clean = verify(Map.of("dataset", experiment));
        assertThat(clean.at("/result/findings")).as("published, untouched").isEmpty();
        assertThat(clean.at("/result/objects").asLong()).as("original, source, processed and production copies")
                .isGreaterThanOrEqualTo(12);

        // the server would take the overwritten processed object in as a new external output (and catalogue it)
        // as soon as the watcher sees it: verify is to find the tampering as it is, so that route waits meanwhile
        camel.getRouteController().stopRoute("processed-events");
        try {
            tamperAndVerify(experiment);
        } finally {
            camel.getRouteController().startRoute("processed-events");
        }
    }

    private void tamperAndVerify(String experiment) throws Exception {
        String deleted = experiment + "/v1/s1/barcodes.tsv.gz";
        s3.deleteObject(d -> d.bucket(production()).key(deleted));
        String overwritten = experiment + "/s1/features.tsv.gz";
        byte[] bytes = s3.getObjectAsBytes(g -> g.bucket(processed()).key(overwritten)).asByteArray();
        byte[] other = bytes.clone();
        other[other.length - 1] ^= 0x5A;
        put(processed(), overwritten, other);

        for (Map<String, String> scope : List.of(Map.of("dataset", experiment), Map.<String, String>of())) {
            JsonNode run = verify(scope);
            assertThat(texts(run.at("/result/findings"))).as("verify %s", scope).containsExactlyInAnyOrder(
                    "missing production s3://" + production() + "/" + deleted,
                    "mismatched processed s3://" + processed() + "/" + overwritten + ": SHA-256 "
                            + Fixtures.sha256(other) + ", expected " + Fixtures.sha256(bytes));
            assertThat(run.at("/result/counts").toString())
                    .isEqualTo("{\"missing\":1,\"extra\":0,\"mismatched\":1,\"tampered\":0}");

            String report = run.at("/result/report").asText();
            assertThat(report).startsWith("s3://" + processed() + "/_reports/verify/");
            JsonNode stored = json.readTree(s3.getObjectAsBytes(g -> g.bucket(processed())
                    .key(report.substring(("s3://" + processed() + "/").length()))).asByteArray());
            assertThat(stored.get("findings")).hasSize(2);
            assertThat(stored.get("findings")).extracting(f -> f.get("problem").asText() + " " + f.get("key").asText())
                    .containsExactlyInAnyOrder("missing " + deleted, "mismatched " + overwritten);
        }
    }

    private JsonNode verify(Map<String, String> parameters) {
        JsonNode run = http.postForObject("/api/jobs/verify", parameters, JsonNode.class);
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        return run;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private void put(String bucket, String key, byte[] bytes) {
        s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    private String processed() {
        return names.buckets().get("processed");
    }

    private String production() {
        return names.buckets().get("production");
    }
}
