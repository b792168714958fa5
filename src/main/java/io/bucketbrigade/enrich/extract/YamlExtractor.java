package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.springframework.stereotype.Component;

/**
 * YAML (CryoET deposition configs): that it parses; a document of at most 1 MiB (and 64 levels) is kept for
 * sidecars. A larger one is not read.
 */
@Component
class YamlExtractor implements Extractor {

    /** Jackson's reading limits, as for JSON (nesting depth above all; SnakeYAML's own apply to its composer only). */
    private final ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
            .streamReadConstraints(JsonExtractor.LIMITS).build());

    @Override
    public String format() {
        return "yaml";
    }

    @Override
    public boolean handles(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    @Override
    public void extract(String fileName, InputStream content, RangeReader ranges, Facts facts) throws IOException {
        byte[] text = content.readNBytes(JsonExtractor.KEEP_AT_MOST + 1);
        if (text.length > JsonExtractor.KEEP_AT_MOST) {
            return;
        }
        try {
            JsonNode document = yaml.readTree(text);
            if (document != null && !document.isMissingNode()
                    && JsonExtractor.depth(document) <= JsonExtractor.KEEP_DEPTH) {
                facts.put("document", yaml.convertValue(document, Object.class));
            }
        } catch (StreamConstraintsException e) {
            facts.problem("yaml-limit", fileName + " is beyond what this server reads as YAML: "
                    + JsonExtractor.limit(e) + ".");
        } catch (JsonProcessingException e) {
            facts.problem("invalid-yaml", fileName + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")") + ".");
        }
    }
}
