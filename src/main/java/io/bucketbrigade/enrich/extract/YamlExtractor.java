package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.springframework.stereotype.Component;

/** YAML (CryoET deposition configs): that it parses; a document of at most 1 MiB is kept for sidecars. */
@Component
class YamlExtractor implements Extractor {

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

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
            if (document != null && !document.isMissingNode()) {
                facts.put("document", yaml.convertValue(document, Object.class));
            }
        } catch (JsonProcessingException e) {
            facts.problem("invalid-yaml", fileName + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")") + ".");
        }
    }
}
