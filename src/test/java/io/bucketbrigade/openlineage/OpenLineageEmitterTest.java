package io.bucketbrigade.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.records.RouteOrigins;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.junit.jupiter.api.io.TempDir;

/** The file transport, and what happens when the lineage server is not there. */
class OpenLineageEmitterTest {

    static final RouteOrigins NO_FILES = new RouteOrigins() {
        @Override
        public Optional<String> fileOfRoute(String routeId) {
            return Optional.empty();
        }

        @Override
        public Optional<String> versionOfRoute(String routeId) {
            return Optional.empty();
        }
    };

    @TempDir
    Path folder;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void aFileGetsOneValidEventPerLineInTheOrderTheHopsSentThem() throws Exception {
        Path file = folder.resolve("openlineage.ndjson");
        OpenLineageEmitter emitter = new OpenLineageEmitter(settings(null, file.toString()), NO_FILES, meters);
        List<S3Dataset> in = List.of(new S3Dataset("original", "exp/a.txt", null, 3L));

        emitter.emit(LineageRun.started("ingest-object", "u1", Instant.now(), in));
        emitter.emit(LineageRun.failed("ingest-object", "u1", Instant.now(), in, "unknown-file: no rule"));
        emitter.close(); // sends what is queued

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = List.of(json.readTree(lines.get(0)), json.readTree(lines.get(1)));
        assertThat(events).extracting(e -> e.get("eventType").asText()).containsExactly("START", "FAIL");
        assertThat(events).extracting(e -> e.at("/run/runId").asText()).containsOnly(
                LineageRun.started("ingest-object", "u1", Instant.now(), in).runId().toString());
        OpenLineageSchemas.assertValid(events);
        assertThat(meters.counter("brigade.openlineage.events", "outcome", "sent").count()).isEqualTo(2);
    }

    @Test
    void aLineageServerThatIsNotThereCostsTheHopNothingAndIsCounted() throws Exception {
        OpenLineageEmitter emitter = new OpenLineageEmitter(settings("http://127.0.0.1:9", null), NO_FILES, meters);

        emitter.emit(LineageRun.started("ingest-object", "u2", Instant.now(), List.of()));
        emitter.close();

        assertThat(meters.counter("brigade.openlineage.events", "outcome", "failed").count()).isEqualTo(1);
    }

    @Test
    void offUnlessAUrlOrAFileIsSet() throws Exception {
        OpenLineageEmitter emitter = new OpenLineageEmitter(settings(null, null), NO_FILES, meters);

        emitter.emit(LineageRun.started("ingest-object", "u3", Instant.now(), List.of()));
        emitter.close();

        assertThat(meters.find("brigade.openlineage.events").counters())
                .allSatisfy(counter -> assertThat(counter.count()).isZero());
    }

    @Configuration
    @EnableConfigurationProperties(OpenLineageProperties.class)
    static class Settings {
    }

    final ApplicationContextRunner server = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class).withPropertyValues("brigade.openlineage.producer=https://p",
                    "brigade.openlineage.timeout=5s", "brigade.openlineage.queue-capacity=10");

    @Test
    void aUrlThatIsNotHttpOrBothAUrlAndAFileStopTheStartWithTheReason() {
        server.withPropertyValues("brigade.openlineage.url=file:///etc/passwd").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("brigade.openlineage.url")
                    .hasMessageContaining("must be an http:// or https:// URL");
        });
        server.withPropertyValues("brigade.openlineage.url=http://marquez:5000",
                "brigade.openlineage.file=/tmp/ol.ndjson").run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("set brigade.openlineage.url or brigade.openlineage.file, not both");
                });
        server.withPropertyValues("brigade.openlineage.url=http://marquez:5000")
                .run(context -> assertThat(context).hasNotFailed());
        server.run(context -> assertThat(context.getBean(OpenLineageProperties.class).enabled()).isFalse());
    }

    static OpenLineageProperties settings(String url, String file) {
        return new OpenLineageProperties(url, null, file, URI.create("https://bucketbrigade.io/server"),
                Duration.ofSeconds(2), 100);
    }
}
