package io.bucketbrigade.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.LocalStackProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.web.client.TestRestTemplate;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

@BrigadeServerTest
class StackHealthTest {

    @Autowired
    TestRestTemplate http;
    @Autowired
    BrigadeProperties names;

    @Test
    void healthIsUpWithEachOfTheFourServicesUp() {
        JsonNode health = http.getForObject("/actuator/health", JsonNode.class);

        assertThat(health.get("status").asText()).isEqualTo("UP");
        for (String service : new String[] {"s3", "dynamodb", "sqs", "mongodb"}) {
            assertThat(health.at("/components/" + service + "/status").asText()).as(service).isEqualTo("UP");
        }
        assertThat(health.at("/components/s3/details/buckets")).hasSize(4);
    }

    @Test
    void aServiceThatDoesNotAnswerIsDownAndNamesWhatFailed() {
        int closedPort = LocalStackProcess.freePort();
        try (S3Client unreachable = S3Client.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .region(Region.US_EAST_1)
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .forcePathStyle(true)
                .build()) {
            HealthIndicator indicator = new StackHealthIndicators().s3Health(unreachable, names);

            var health = indicator.health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("failing", "brigade-original-local");
            assertThat(String.valueOf(health.getDetails().get("error"))).contains("127.0.0.1:" + closedPort);
        }
    }
}
