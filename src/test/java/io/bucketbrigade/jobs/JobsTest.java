package io.bucketbrigade.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.idempotency.DynamoDbIdempotentRepository;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Jmx;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

/**
 * Jobs as operators drive them: listed with their schedules, run now (waiting or not) with progress and a
 * history, refused with a clear reason when unknown, switched off or running elsewhere, and the same over JMX.
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=jobs", "brigade.jobs.s3-to-docdb.enabled=false"})
class JobsTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    @Qualifier("jobLocks")
    DynamoDbIdempotentRepository locks;
    @Value("${brigade.ops.jmx.port}")
    int jmxPort;

    @Test
    void everyJobIsListedWithItsScheduleAndState() {
        JsonNode jobs = http.getForObject("/api/jobs", JsonNode.class);

        assertThat(jobs).extracting(j -> j.get("name").asText()).containsExactly("docdb-to-s3", "promote", "redrive",
                "s3-to-docdb", "verify");
        JsonNode verify = jobs.get(4);
        assertThat(verify.get("schedule").asText()).isEqualTo("0 0 3 * * ?");
        assertThat(verify.get("mutating").asBoolean()).isFalse();
        assertThat(jobs.get(3).get("enabled").asBoolean()).as("s3-to-docdb is switched off here").isFalse();
    }

    @Test
    void aRunInTheBackgroundShowsItsProgressThenLeavesAHistory() {
        ResponseEntity<JsonNode> started = http.postForEntity("/api/jobs/verify?wait=false", Map.of("deep", "false"),
                JsonNode.class);

        assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(started.getBody().get("state").asText()).isEqualTo("RUNNING");
        String id = started.getBody().get("id").asText();
        JsonNode job = await().atMost(Duration.ofSeconds(30)).until(() -> http.getForObject("/api/jobs/verify",
                JsonNode.class), j -> j.at("/lastRun/id").asText().equals(id));
        JsonNode last = job.get("lastRun");
        assertThat(last.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(last.get("done").asLong()).isEqualTo(last.get("total").asLong());
        assertThat(last.has("ratePerSecond")).isTrue();
        assertThat(last.at("/parameters/deep").asText()).isEqualTo("false");
        assertThat(job.get("history")).anySatisfy(run -> {
            assertThat(run.get("_id").asText()).isEqualTo(id);
            assertThat(run.get("trigger").asText()).isEqualTo("api");
            assertThat(run.get("instance").asText()).isNotBlank();
        });
    }

    @Test
    void anUnknownJobIsNotFound() {
        ResponseEntity<String> response = http.postForEntity("/api/jobs/reindex", Map.of(), String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getBody()).contains("No job named 'reindex' (jobs: [docdb-to-s3, promote, redrive,"
                + " s3-to-docdb, verify])");
    }

    @Test
    void aJobSwitchedOffIsRefusedUntilSwitchedOn() {
        ResponseEntity<String> refused = http.postForEntity("/api/jobs/s3-to-docdb", Map.of(), String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getBody()).contains("Job 's3-to-docdb' is switched off");

        http.postForObject("/api/jobs/s3-to-docdb/enabled?value=true", null, JsonNode.class);
        JsonNode run = http.postForObject("/api/jobs/s3-to-docdb", Map.of(), JsonNode.class);
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");

        JsonNode off = http.postForObject("/api/jobs/s3-to-docdb/enabled?value=false", null, JsonNode.class);
        assertThat(off.get("enabled").asBoolean()).isFalse();
        assertThat(http.postForEntity("/api/jobs/s3-to-docdb", Map.of(), String.class).getStatusCode())
                .isEqualTo(HttpStatus.CONFLICT);
    }

    @Test
    void aJobRunningElsewhereIsRefused() {
        locks.add("job:promote"); // as the instance running it would
        try {
            ResponseEntity<String> refused = http.postForEntity("/api/jobs/promote", Map.of(), String.class);

            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(refused.getBody()).contains("Job 'promote' is running already");
        } finally {
            locks.remove("job:promote");
        }
    }

    @Test
    void overJmxAJobRunsWithParametersAndIsSwitchedOffAndOn() throws Exception {
        ObjectName jobs = new ObjectName("io.bucketbrigade:type=Jobs");
        try (Jmx jmx = Jmx.connect(jmxPort, null, null)) {
            Object result = jmx.connection().invoke(jobs, "runWith", new Object[] {"verify", false, "deep=false"},
                    new String[] {"java.lang.String", "boolean", "java.lang.String"});
            assertThat(result.toString()).startsWith("SUCCEEDED: 0 operation(s)");

            jmx.connection().invoke(jobs, "switchTo", new Object[] {"verify", false},
                    new String[] {"java.lang.String", "boolean"});
            assertThat((String[]) jmx.attribute(jobs, "Jobs")).contains("verify off idle");
            jmx.connection().invoke(jobs, "switchTo", new Object[] {"verify", true},
                    new String[] {"java.lang.String", "boolean"});
            assertThat((String[]) jmx.attribute(jobs, "Jobs")).contains("verify enabled idle");
        }
    }
}
