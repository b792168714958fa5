package io.bucketbrigade.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bucketbrigade.records.RouteOrigins;
import io.openlineage.client.OpenLineageClientUtils;
import org.junit.jupiter.api.Test;

/** A hop's run as the OpenLineage client writes it, and the schema check that the server test relies on. */
class RunEventsTest {

    static final String SHA = "a".repeat(64);

    final RunEvents events = new RunEvents(URI.create("https://bucketbrigade.io/server"), new RouteOrigins() {
        @Override
        public Optional<String> fileOfRoute(String routeId) {
            return Optional.of("original-to-source.camel.yaml");
        }

        @Override
        public Optional<String> versionOfRoute(String routeId) {
            return Optional.of("b".repeat(64));
        }
    });

    @Test
    void aRunNamesItsS3ObjectsAsOpenLineageDoesWithTheirChecksumsAndItsRouteFile() throws Exception {
        LineageRun run = LineageRun.completed("ingest-object", "upload-1", Instant.parse("2026-12-01T10:00:00Z"),
                List.of(new S3Dataset("original", "exp/s1/genes.tsv", SHA, 12L)),
                List.of(new S3Dataset("source", "exp/v1/", null, 40L)));

        JsonNode event = json(run);

        assertThat(event.get("eventType").asText()).isEqualTo("COMPLETE");
        assertThat(event.get("eventTime").asText()).startsWith("2026-12-01T10:00");
        assertThat(event.at("/run/runId").asText())
                .isEqualTo(LineageRun.started("ingest-object", "upload-1", Instant.now(), List.of()).runId()
                        .toString());
        assertThat(event.at("/job/namespace").asText()).isEqualTo("bucket-brigade");
        assertThat(event.at("/job/name").asText()).isEqualTo("ingest-object");
        assertThat(event.at("/job/facets/bucketbrigade_routeFile/file").asText())
                .isEqualTo("original-to-source.camel.yaml");
        assertThat(event.at("/inputs/0/namespace").asText()).isEqualTo("s3://original");
        assertThat(event.at("/inputs/0/name").asText()).isEqualTo("exp/s1/genes.tsv");
        assertThat(event.at("/inputs/0/facets/bucketbrigade_checksum/sha256").asText()).isEqualTo(SHA);
        assertThat(event.at("/inputs/0/facets/bucketbrigade_checksum/size").asLong()).isEqualTo(12);
        assertThat(event.at("/inputs/0/facets/bucketbrigade_checksum/_schemaURL").asText())
                .isEqualTo(BrigadeFacets.SCHEMA_BASE + "ChecksumDatasetFacet.json#/$defs/ChecksumDatasetFacet");
        assertThat(event.at("/outputs/0/name").asText()).as("a prefix, without its slash").isEqualTo("exp/v1");
        assertThat(event.at("/outputs/0/facets/bucketbrigade_checksum").has("sha256")).isFalse();
        OpenLineageSchemas.assertValid(List.of(event));
    }

    @Test
    void theSchemaCheckRefusesAFacetThatBreaksItsSchema() throws Exception {
        JsonNode event = json(LineageRun.failed("ingest-object", "upload-2", Instant.now(),
                List.of(new S3Dataset("original", "exp/notes.txt", "not hex", 1L)), "unknown-file: no rule"));

        JsonNode facet = event.at("/inputs/0/facets/bucketbrigade_checksum");
        assertThat(OpenLineageSchemas.schema(facet.get("_schemaURL").asText()).validate(facet)).isNotEmpty();
        assertThat(event.at("/run/facets/errorMessage/message").asText()).isEqualTo("unknown-file: no rule");
        ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("eventType", "DONE");
        assertThat(OpenLineageSchemas.schema(OpenLineageSchemas.RUN_EVENT).validate(event)).isNotEmpty();
    }

    JsonNode json(LineageRun run) throws Exception {
        String json = OpenLineageClientUtils.toJson(events.of(run));
        return new ObjectMapper().readTree(json);
    }
}
