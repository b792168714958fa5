package io.bucketbrigade.deploy;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Deposits;
import io.bucketbrigade.support.Fixtures;
import io.bucketbrigade.support.LocalStackProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * Every metric that the Grafana dashboard (deploy/grafana) and the alert rules (deploy/prometheus) name is one a
 * running server exports at /actuator/prometheus, once it has done what the metric counts: a deposit published,
 * a file refused, a job run. The queue and service gauges read real values from the stack, the requests asked of
 * each service are counted (bench/run's cost per object), and the probes that the Kubernetes manifests
 * (deploy/kubernetes) name answer UP.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=metrics", "brigade.watcher.period=300ms",
        "brigade.metrics.period=300"})
class ExportedMetricsTest {

    /** Metric names in PromQL: the server's, Micrometer's JVM and process meters (not Prometheus's own `up`). */
    static final Pattern METRIC = Pattern.compile("\\b((?:brigade|jvm|process|system)_[a-z0-9_]+)\\b");

    @Autowired
    TestRestTemplate http;
    @Autowired
    BrigadeProperties names;

    @TempDir
    Path folder;

    @Test
    void everyMetricTheDashboardAndTheAlertsNameIsExported() throws Exception {
        Set<String> named = new TreeSet<>();
        named.addAll(metrics(dashboardQueries()));
        named.addAll(metrics(List.of(Files.readString(repo("deploy/prometheus/bucket-brigade-alerts.yml")))));
        assertThat(named).contains("brigade_queue_messages", "brigade_publication_latency_seconds_bucket",
                "brigade_jobs_runs_total", "jvm_memory_used_bytes");

        String experiment = Fixtures.experimentId();
        Files.createDirectories(folder.resolve(experiment).resolve("s1"));
        Files.write(folder.resolve(experiment).resolve("s1").resolve("notes.txt"), utf8("no rule of tenx takes it"));
        Deposits.syncTenx(folder, names.buckets().get("original"), experiment, gzip("B1\nB2\n"));
        assertThat(http.postForEntity("/api/jobs/verify?dryRun=true", null, String.class).getStatusCode().value())
                .isEqualTo(200);

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            String scrape = http.getForObject("/actuator/prometheus", String.class);
            assertThat(named).as("named by the dashboard or the rules, not exported")
                    .filteredOn(name -> !exported(scrape, name)).isEmpty();
            assertThat(scrape).as("a publication's latency").contains("brigade_publication_latency_seconds_count 1");
        });

        String scrape = http.getForObject("/actuator/prometheus", String.class);
        for (String service : List.of("s3", "dynamodb", "sqs", "mongodb")) {
            assertThat(scrape).contains("brigade_dependency_up{service=\"" + service + "\"} 1.0");
        }
        assertThat(scrape).containsPattern(
                "brigade_queue_messages\\{queue=\"ingest\",role=\"dead-letter\",state=\"visible\"} \\d+\\.0");
        assertThat(scrape).containsPattern("brigade_queue_backlog_seconds\\{queue=\"promote\",role=\"work\"} \\d+");
        // what the deposit asked of each service, for the cost per object (bench/run)
        assertThat(scrape).containsPattern("brigade_aws_requests_total\\{operation=\"PutObject\",service=\"S3\"} [1-9]");
        assertThat(scrape).containsPattern(
                "brigade_aws_requests_total\\{operation=\"ReceiveMessage\",service=\"Sqs\"} [1-9]");
        assertThat(scrape).containsPattern(
                "brigade_aws_request_items_total\\{operation=\"TransactWriteItems\",service=\"DynamoDb\"} [1-9]");
        assertThat(scrape).containsPattern("mongodb_driver_commands_seconds_count\\{[^}]*command=\"insert\"[^}]*} [1-9]");
    }

    @Test
    void theKubernetesProbesAnswerUp() {
        for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
            var answer = http.getForEntity(probe, JsonNode.class);
            assertThat(answer.getStatusCode().value()).as(probe).isEqualTo(200);
            assertThat(answer.getBody().get("status").asText()).as(probe).isEqualTo("UP");
        }
    }

    static boolean exported(String scrape, String name) {
        return scrape.lines().anyMatch(line -> line.startsWith(name + "{") || line.startsWith(name + " "));
    }

    static Set<String> metrics(List<String> queries) {
        Set<String> found = new TreeSet<>();
        for (String query : queries) {
            Matcher matcher = METRIC.matcher(query);
            while (matcher.find()) {
                found.add(matcher.group(1));
            }
        }
        return found;
    }

    static List<String> dashboardQueries() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(repo("deploy/grafana/bucket-brigade.json").toFile());
        return dashboard.findValues("expr").stream().map(JsonNode::asText).toList();
    }

    static Path repo(String path) {
        return LocalStackProcess.repoDir().resolve(path);
    }
}
