package io.bucketbrigade.enrich.extract;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/**
 * JSON: that it parses, and its top-level facts: AIND core files' {@code schema_version} and {@code data_level},
 * the number of Cellenics {@code cellSets}. A document of at most 1 MiB is also kept whole ({@code document}),
 * for metadata records and sidecars (unless it nests deeper than {@value #KEEP_DEPTH} levels); a larger one is only
 * scanned. Jackson's reading limits ({@link #LIMITS}) bound depth, strings, numbers and names.
 */
@Component
class JsonExtractor implements Extractor {

    static final int KEEP_AT_MOST = 1024 * 1024;
    /** Deeper documents are not kept: the catalogue (MongoDB, DocumentDB) stores at most 100 levels. */
    static final int KEEP_DEPTH = 64;
    /** What Jackson reads here at most; beyond, a {@code json-limit} problem (profiles/README.md). */
    static final StreamReadConstraints LIMITS = StreamReadConstraints.builder().maxNestingDepth(1000)
            .maxStringLength(20_000_000).maxNumberLength(1000).maxNameLength(50_000).build();

    private final ObjectMapper json = new ObjectMapper(JsonFactory.builder().streamReadConstraints(LIMITS).build());

    @Override
    public String format() {
        return "json";
    }

    @Override
    public boolean handles(String name) {
        return name.endsWith(".json");
    }

    @Override
    public void extract(String fileName, InputStream content, RangeReader ranges, Facts facts) throws IOException {
        byte[] head = content.readNBytes(KEEP_AT_MOST + 1);
        try {
            if (head.length <= KEEP_AT_MOST) {
                JsonNode document = json.readTree(head);
                if (document == null) {
                    facts.problem("invalid-json", fileName + " holds no JSON document.");
                    return;
                }
                topLevel(document, facts);
                if (depth(document) <= KEEP_DEPTH) {
                    facts.put("document", json.convertValue(document, Object.class));
                }
            } else {
                scan(json.getFactory().createParser(new SequenceInputStream(new ByteArrayInputStream(head), content)),
                        facts);
            }
        } catch (StreamConstraintsException e) {
            facts.problem("json-limit", fileName + " is beyond what this server reads as JSON: " + limit(e) + ".");
        } catch (JsonProcessingException e) {
            facts.problem("invalid-json", fileName + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")") + ".");
        }
    }

    /** A reading limit's message without Jackson's pointer to its setting. */
    static String limit(StreamConstraintsException e) {
        return e.getOriginalMessage().replaceAll(", from `[^`]*`", "");
    }

    /** How deep a document nests (a scalar is 0), without recursion. */
    static int depth(JsonNode document) {
        int deepest = 0;
        Deque<Map.Entry<JsonNode, Integer>> open = new ArrayDeque<>();
        open.push(Map.entry(document, 0));
        while (!open.isEmpty()) {
            Map.Entry<JsonNode, Integer> next = open.pop();
            if (next.getKey().isContainerNode()) {
                int depth = next.getValue() + 1;
                deepest = Math.max(deepest, depth);
                next.getKey().forEach(child -> open.push(Map.entry(child, depth)));
            }
        }
        return deepest;
    }

    private static void topLevel(JsonNode document, Facts facts) {
        for (String field : new String[] {"schema_version", "data_level"}) {
            if (document.path(field).isValueNode()) {
                facts.put(field, document.get(field).asText());
            }
        }
        if (document.path("cellSets").isArray()) {
            facts.put("cellSets", document.get("cellSets").size());
        }
    }

    /** The same top-level facts from a large document, token by token. */
    private static void scan(JsonParser parser, Facts facts) throws IOException {
        try (parser) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                while (parser.nextToken() != null) {
                    // a large array or scalar: parsing it whole proves it is JSON
                }
                return;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (value.isScalarValue() && (field.equals("schema_version") || field.equals("data_level"))) {
                    facts.put(field, parser.getText());
                } else if (value == JsonToken.START_ARRAY && field.equals("cellSets")) {
                    int count = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        count++;
                        parser.skipChildren();
                    }
                    facts.put("cellSets", count);
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser, "content after the document");
            }
        }
    }

    /** For tests and callers that need the kept document as a map. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> document(Facts facts) {
        return (Map<String, Object>) facts.get("document");
    }
}
