package io.bucketbrigade.openlineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

/**
 * The OpenLineage spec's JSON Schemas (src/test/resources/openlineage/spec) and the server's facet schemas, found
 * by their ids without the network.
 */
final class OpenLineageSchemas {

    static final String RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

    static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            registry -> registry.schemaIdResolvers(ids -> ids
                    .mapPrefix("https://openlineage.io/spec/", "classpath:openlineage/spec/")
                    .mapPrefix(BrigadeFacets.SCHEMA_BASE, "classpath:openlineage/facets/1-0-0/")));

    private OpenLineageSchemas() {
    }

    static Schema schema(String url) {
        return SCHEMAS.getSchema(SchemaLocation.of(url));
    }

    /** Each event against the spec's RunEvent, and each facet against the schema its _schemaURL names. */
    static void assertValid(List<JsonNode> events) {
        Schema runEvent = schema(RUN_EVENT);
        for (JsonNode event : events) {
            assertThat(runEvent.validate(event)).as("%s", event).isEmpty();
            assertThat(event.get("schemaURL").asText()).isEqualTo(RUN_EVENT);
            List<JsonNode> facets = new ArrayList<>();
            event.at("/run/facets").forEach(facets::add);
            event.at("/job/facets").forEach(facets::add);
            for (String side : List.of("inputs", "outputs")) {
                event.get(side).forEach(dataset -> dataset.path("facets").forEach(facets::add));
            }
            for (JsonNode facet : facets) {
                assertThat(schema(facet.get("_schemaURL").asText()).validate(facet)).as("%s", facet).isEmpty();
            }
        }
    }
}
