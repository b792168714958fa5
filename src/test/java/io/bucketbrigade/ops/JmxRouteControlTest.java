package io.bucketbrigade.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Jmx;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

@BrigadeServerTest
class JmxRouteControlTest {

    @Value("${brigade.ops.jmx.port}")
    int jmxPort;
    @Autowired
    TestRestTemplate http;

    @Test
    void aRouteStoppedAndStartedOverRemoteJmxWhileHealthStaysUp() throws Exception {
        try (Jmx jmx = Jmx.connect(jmxPort, null, null)) {
            ObjectName heartbeat = Jmx.route("instance-heartbeat");
            await().atMost(Duration.ofSeconds(30)).until(() -> "Started".equals(jmx.attribute(heartbeat, "State")));

            jmx.invoke(heartbeat, "stop");

            assertThat(jmx.attribute(heartbeat, "State")).isEqualTo("Stopped");
            JsonNode health = http.getForObject("/actuator/health", JsonNode.class);
            assertThat(health.get("status").asText()).isEqualTo("UP");
            assertThat(http.getForObject("/api/routes/instance-heartbeat", JsonNode.class).get("state").asText())
                    .isEqualTo("Stopped");

            jmx.invoke(heartbeat, "start");

            assertThat(jmx.attribute(heartbeat, "State")).isEqualTo("Started");
            long completed = (Long) jmx.attribute(heartbeat, "ExchangesCompleted");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> (Long) jmx.attribute(heartbeat, "ExchangesCompleted") > completed);
        }
    }

    @Test
    void routeFilesAreVisibleOverJmx() throws Exception {
        try (Jmx jmx = Jmx.connect(jmxPort, null, null)) {
            ObjectName routeFiles = new ObjectName("io.bucketbrigade:type=RouteFiles");

            assertThat((Integer) jmx.attribute(routeFiles, "FailedCount")).isZero();
            assertThat((String[]) jmx.attribute(routeFiles, "Files"))
                    .anySatisfy(line -> assertThat(line).startsWith("heartbeat.camel.yaml LOADED"));
        }
    }
}
