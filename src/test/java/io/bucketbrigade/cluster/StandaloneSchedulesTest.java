package io.bucketbrigade.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.support.BrigadeServerTest;
import org.apache.camel.cluster.CamelClusterService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.TestPropertySource;

/** One instance without a cluster ({@code brigade.cluster.enabled=false}): the schedules run on it. */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.env=standalone", "brigade.cluster.enabled=false",
        "brigade.jobs.s3-to-docdb.scheduled=true", "brigade.jobs.s3-to-docdb.cron=0/1 * * * * ?"})
class StandaloneSchedulesTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    ApplicationContext context;

    @Test
    void aScheduledJobRunsOnItsCronWithoutLeaderElection() {
        assertThat(context.getBeansOfType(CamelClusterService.class).values())
                .singleElement().isInstanceOf(StandaloneClusterService.class);

        JsonNode job = await().atMost(Duration.ofSeconds(60)).until(() -> http.getForObject(
                "/api/jobs/s3-to-docdb", JsonNode.class), j -> j.get("history").size() >= 2);

        assertThat(job.get("history")).allSatisfy(run -> {
            assertThat(run.get("trigger").asText()).isEqualTo("schedule");
            assertThat(run.at("/parameters/tick").asText()).isNotBlank();
        });
    }
}
