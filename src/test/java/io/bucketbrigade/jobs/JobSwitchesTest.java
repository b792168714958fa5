package io.bucketbrigade.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.support.InProcessServer;
import io.bucketbrigade.support.Jmx;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A job an operator switched off, over the API or JMX, stays off after a restart (and on every instance: the
 * switch is in DynamoDB), shown with who switched it in {@code GET /api/jobs}, until it is switched on again.
 */
class JobSwitchesTest {

    static final String ENV = "--brigade.env=switches";

    @Test
    void aJobSwitchedOffOverTheApiOrJmxStaysOffAfterARestartUntilSwitchedOn() throws Exception {
        try (InProcessServer server = InProcessServer.start(ENV)) {
            JsonNode off = server.http().postForObject("/api/jobs/verify/enabled?value=false", null, JsonNode.class);
            assertThat(off.get("enabled").asBoolean()).isFalse();
            try (Jmx jmx = Jmx.connect(server.jmxPort(), null, null)) {
                jmx.connection().invoke(new ObjectName("io.bucketbrigade:type=Jobs"), "switchTo",
                        new Object[] {"promote", false}, new String[] {"java.lang.String", "boolean"});
            }
        }

        try (InProcessServer restarted = InProcessServer.start(ENV)) {
            TestRestTemplate http = restarted.http();
            JsonNode verify = job(http, "verify");
            assertThat(verify.get("enabled").asBoolean()).isFalse();
            assertThat(verify.at("/switched/by").asText()).isEqualTo("api");
            JsonNode promote = job(http, "promote");
            assertThat(promote.get("enabled").asBoolean()).isFalse();
            assertThat(promote.at("/switched/by").asText()).isEqualTo("jmx");
            assertThat(job(http, "redrive").get("switched").isNull()).as("never switched").isTrue();

            ResponseEntity<String> refused = http.postForEntity("/api/jobs/verify", Map.of("deep", "false"),
                    String.class);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(refused.getBody()).contains("Job 'verify' is switched off (by api at ");

            http.postForObject("/api/jobs/verify/enabled?value=true", null, JsonNode.class);
            JsonNode run = http.postForObject("/api/jobs/verify", Map.of("deep", "false"), JsonNode.class);
            assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        }
    }

    private static JsonNode job(TestRestTemplate http, String name) {
        JsonNode jobs = http.getForObject("/api/jobs", JsonNode.class);
        for (JsonNode job : jobs) {
            if (job.get("name").asText().equals(name)) {
                return job;
            }
        }
        throw new AssertionError("no job " + name + " in " + jobs);
    }
}
