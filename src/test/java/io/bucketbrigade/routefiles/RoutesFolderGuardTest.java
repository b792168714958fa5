package io.bucketbrigade.routefiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.bucketbrigade.support.BrigadeServerTest;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Guards routes/: the server boots with the real folder and every file loads, with the routes operators expect.
 * An edit that breaks a route file fails the build here before it reaches an operator.
 */
@BrigadeServerTest
class RoutesFolderGuardTest {

    @Autowired
    RouteFiles routeFiles;
    @Autowired
    CamelContext camel;

    @Test
    void everyRouteFileLoads() {
        List<RouteFileStatus> statuses = routeFiles.statuses();

        assertThat(statuses).extracting(RouteFileStatus::file)
                .contains("error-handling.camel.yaml", "heartbeat.camel.yaml", "templates.camel.yaml");
        assertThat(statuses).allSatisfy(status -> {
            assertThat(status.error()).as(status.file()).isNull();
            assertThat(status.state()).as(status.file()).isEqualTo("LOADED");
        });
    }

    @Test
    void theExpectedRoutesRunWithIdsDescriptionsAndTheSharedErrorHandling() {
        assertThat(camel.getRoutes()).extracting(Route::getRouteId).contains("instance-heartbeat",
                // made from the sqs-receive-consumer, sqs-consumer and scheduled-job templates (templates.camel.yaml)
                "ingest-from-queue", "enrich-from-queue", "check-datasets", "promote-from-queue", "processed-events",
                "webhooks-from-queue",
                "job-docdb-to-s3", "job-s3-to-docdb", "job-verify", "job-promote", "job-redrive");
        // a consumer made from the template keeps the node ids operators know: its prefix and the template's id
        assertThat(camel.getProcessor("ingest-hand-over")).isNotNull();
        assertThat(camel.getProcessor("ingest-one-receive")).isNotNull();
        assertThat(camel.getProcessor("enrich-delete-handled")).isNotNull();
        assertThat(camel.getRoute("ingest-from-queue").getEndpoint().getEndpointBaseUri()).startsWith("aws2-sqs:");
        assertThat(camel.getRoutes()).allSatisfy(route -> {
            assertThat(route.getDescription()).as(route.getRouteId()).isNotBlank();
            // webhook deliveries retry and dead-letter as their own configurations say (error-handling.camel.yaml)
            assertThat(route.getConfigurationId()).as(route.getRouteId()).isEqualTo(switch (route.getRouteId()) {
                case "deliver-webhook" -> "webhook-delivery";
                case "post-webhook" -> "webhook-post";
                default -> "brigade-error-handling";
            });
        });
    }
}
