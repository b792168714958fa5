package io.bucketbrigade.routefiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.TemporaryFolders;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A route whose endpoint fails when it starts does not fail the server: the supervising route controller retries
 * it with back-off, health stays UP, and the route runs once the endpoint is there. (The AWS consumers start even
 * when their service is down and retry each poll; a file consumer on a missing folder fails at start.)
 */
@BrigadeServerTest
@TestPropertySource(properties = {"brigade.routes.poll-interval=200ms", "camel.routecontroller.back-off-delay=300",
        "camel.routecontroller.back-off-max-delay=1000"})
class SupervisedStartTest {

    @Autowired
    CamelContext camel;
    @Autowired
    RouteFilesProperties properties;
    @Autowired
    TestRestTemplate http;

    @Test
    void aRouteWhoseEndpointFailsAtStartIsRetriedUntilItComesUp() throws Exception {
        Path inbox = TemporaryFolders.create("brigade-supervised").resolve("inbox");
        Path file = properties.directory().resolve("late-inbox.camel.yaml");
        Files.writeString(file, """
                - route:
                    id: late-inbox-reader
                    description: reads a folder that does not exist yet
                    from:
                      uri: "file:%s"
                      parameters:
                        autoCreate: false
                        startingDirectoryMustExist: true
                      steps:
                        - log: "${body}"
                """.formatted(inbox));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("late-inbox-reader") != null);
            assertThat(camel.getRouteController().getRouteStatus("late-inbox-reader")).isEqualTo(ServiceStatus.Stopped);
            JsonNode health = await().atMost(Duration.ofSeconds(10))
                    .until(() -> http.getForObject("/actuator/health", JsonNode.class),
                            h -> h.at("/components/routeFiles/details/restartingRoutes").has("late-inbox-reader"));
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(health.at("/components/routeFiles/details/restartingRoutes/late-inbox-reader").asText())
                    .contains("Starting directory does not exist");

            Files.createDirectories(inbox);

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    camel.getRouteController().getRouteStatus("late-inbox-reader") == ServiceStatus.Started);
        } finally {
            Files.delete(file);
            await().atMost(Duration.ofSeconds(20)).until(() -> camel.getRoute("late-inbox-reader") == null);
        }
    }
}
