package io.bucketbrigade.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import javax.management.ObjectName;

import io.bucketbrigade.support.BrigadeServerTest;
import io.bucketbrigade.support.Jmx;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.TestPropertySource;

/** Outside the local profile, everything but health needs the ops user: HTTP API, Hawtio, Jolokia and JMX. */
@BrigadeServerTest
@TestPropertySource(properties = {
        "brigade.ops.authentication=true",
        "brigade.ops.user=operator",
        "brigade.ops.password=s3cret-for-tests"})
class AuthenticationTest {

    @Autowired
    TestRestTemplate http;
    @Value("${brigade.ops.jmx.port}")
    int jmxPort;

    @Test
    void httpNeedsTheOpsUserExceptForHealth() {
        assertThat(http.getForEntity("/actuator/health", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
        for (String path : new String[] {"/api/routes", "/actuator/hawtio/", "/actuator/jolokia/version",
                "/actuator/prometheus"}) {
            assertThat(http.getForEntity(path, String.class).getStatusCode()).as(path)
                    .isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(http.withBasicAuth("operator", "wrong").getForEntity(path, String.class).getStatusCode())
                    .as(path).isEqualTo(HttpStatus.UNAUTHORIZED);
        }
        assertThat(http.withBasicAuth("operator", "s3cret-for-tests").getForEntity("/api/routes", String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void theConsoleAsksForALoginAndTheApiForCredentials() {
        // the console's pages send a browser to the login form (followed here)
        assertThat(http.getForEntity("/", String.class).getBody()).contains("id=\"login\"");
        assertThat(http.getForEntity("/datasets/any", String.class).getBody()).contains("id=\"login\"");
        // the API answers scripts with 401, never with the form
        assertThat(http.getForEntity("/api/datasets/any", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void remoteJmxNeedsTheOpsUser() throws Exception {
        assertThatThrownBy(() -> Jmx.connect(jmxPort, null, null).close()).isInstanceOf(SecurityException.class);
        assertThatThrownBy(() -> Jmx.connect(jmxPort, "operator", "wrong").close())
                .isInstanceOf(SecurityException.class);

        try (Jmx jmx = Jmx.connect(jmxPort, "operator", "s3cret-for-tests")) {
            assertThat(jmx.attribute(new ObjectName("io.bucketbrigade:type=RouteFiles"), "FailedCount")).isEqualTo(0);
        }
    }
}
