package io.bucketbrigade.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.support.BrigadeServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/** The HTTP side of operations in the local profile: API, OpenAPI, metrics, Hawtio and Jolokia. */
@BrigadeServerTest
class OpsSurfaceTest {

    @Autowired
    TestRestTemplate http;

    @Test
    void theApiListsRoutesWithTheirFileAndVersion() {
        JsonNode routes = http.getForObject("/api/routes", JsonNode.class);

        JsonNode heartbeat = null;
        for (JsonNode route : routes) {
            if (route.get("id").asText().equals("instance-heartbeat")) {
                heartbeat = route;
            }
        }
        assertThat(heartbeat).isNotNull();
        assertThat(heartbeat.get("file").asText()).isEqualTo("heartbeat.camel.yaml");
        assertThat(heartbeat.get("fileVersion").asText()).hasSize(64);
    }

    @Test
    void anUnknownRouteIsA404WithItsName() {
        ResponseEntity<String> response = http.postForEntity("/api/routes/no-such-route/stop", null, String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void theApiIsDescribedByOpenApi() {
        JsonNode openApi = http.getForObject("/api/openapi", JsonNode.class);

        assertThat(openApi.at("/paths").has("/api/routes")).isTrue();
        assertThat(openApi.at("/paths").has("/api/route-files")).isTrue();
    }

    @Test
    void prometheusMetricsIncludeCamelAndRouteFileGauges() {
        String metrics = http.getForObject("/actuator/prometheus", String.class);

        assertThat(metrics).contains("brigade_route_files_failed 0.0");
        assertThat(metrics).contains("routeId=\"instance-heartbeat\"");
    }

    @Test
    void hawtioAndJolokiaAreServedUnderActuator() {
        ResponseEntity<String> hawtio = http.getForEntity("/actuator/hawtio/", String.class);
        assertThat(hawtio.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(hawtio.getBody()).containsIgnoringCase("hawtio");

        JsonNode state = http.getForObject(
                "/actuator/jolokia/read/org.apache.camel:context=brigade,type=routes,name=\"instance-heartbeat\"/State",
                JsonNode.class);
        assertThat(state.get("value").asText()).isIn("Started", "Stopped");
    }
}
