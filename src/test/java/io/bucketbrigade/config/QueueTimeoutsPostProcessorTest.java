package io.bucketbrigade.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class QueueTimeoutsPostProcessorTest {

    @Test
    void eachQueuesVisibilityTimeoutIsAlsoGivenInSecondsForTheRoutes() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "brigade.queues.ingest.visibility-timeout", "5m",
                "brigade.queues.dataset-checks.visibility-timeout", "10s",
                "brigade.queues.promote.visibility-timeout", "500ms",
                "brigade.queues.enrich.name", "enrich-x")));

        new QueueTimeoutsPostProcessor().postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("brigade.queues.ingest.visibility-timeout-seconds")).isEqualTo("300");
        assertThat(environment.getProperty("brigade.queues.dataset-checks.visibility-timeout-seconds")).isEqualTo("10");
        assertThat(environment.getProperty("brigade.queues.promote.visibility-timeout-seconds")).as("at least 1 s")
                .isEqualTo("1");
        assertThat(environment.getProperty("brigade.queues.enrich.visibility-timeout-seconds")).as("the default")
                .isEqualTo("300");
    }
}
