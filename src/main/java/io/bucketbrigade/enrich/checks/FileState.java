package io.bucketbrigade.enrich.checks;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One file of a dataset as the dataset checks see it.
 *
 * @param key          where it is in processed
 * @param originalKey  the deposited key (null for an external output)
 * @param variables    the groups of the profile's regular expressions (sample, plate, batch, run, tomogram …)
 * @param facts        what the extractor found
 * @param problems     each as {rule, message}
 * @param updated      when this version reached source (or processed, for an external output)
 * @param external     written to processed by an external pipeline
 */
public record FileState(String key, String originalKey, String role, String sampleId, Map<String, String> variables,
        String sha256, long size, Map<String, Object> facts, List<Map<String, String>> problems, Instant updated,
        boolean external) {

    public String fileName() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    public long number(String fact) {
        Object value = facts.get(fact);
        return value instanceof Number n ? n.longValue() : -1;
    }

    public String variable(String name) {
        return variables.get(name);
    }
}
