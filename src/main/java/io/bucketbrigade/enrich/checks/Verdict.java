package io.bucketbrigade.enrich.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the checks concluded of a dataset: {@code Valid}, {@code Invalid} (a check failed) or {@code Missing} (a
 * required file is not there), every failure with its message, a summary for records, objects that fit no known
 * place, and the metadata sidecars to write (key in processed to content).
 */
public final class Verdict {

    /** One failed check. */
    public record Failure(String check, String message) {}

    private final List<Failure> failures = new ArrayList<>();
    private final Map<String, Object> summary = new TreeMap<>();
    private final List<String> unknown = new ArrayList<>();
    private final Map<String, Map<String, Object>> sidecars = new LinkedHashMap<>();
    private final Map<String, Object> recordFields = new LinkedHashMap<>();
    private final List<String> recordSidecars = new ArrayList<>();
    private boolean missing;

    public void fail(String check, String message) {
        failures.add(new Failure(check, message));
    }

    public void missing(String check, String message) {
        missing = true;
        fail(check, message);
    }

    public void summary(String name, Object value) {
        summary.put(name, value);
    }

    public void unknown(String key) {
        unknown.add(key);
    }

    public void sidecar(String key, Map<String, Object> content) {
        sidecars.put(key, content);
    }

    /** A field of the asset document to set (e.g. AIND's core metadata fields). */
    public void recordField(String name, Object value) {
        recordFields.put(name, value);
    }

    public Map<String, Object> recordFields() {
        return recordFields;
    }

    /** A sidecar at this key holds the asset's catalogue record (AIND's metadata.nd.json), once recorded. */
    public void recordSidecar(String key) {
        recordSidecars.add(key);
    }

    public List<String> recordSidecars() {
        return recordSidecars;
    }

    public String status() {
        return missing ? "Missing" : failures.isEmpty() ? "Valid" : "Invalid";
    }

    public List<Failure> failures() {
        return failures;
    }

    public Map<String, Object> summary() {
        return summary;
    }

    public List<String> unknown() {
        return unknown;
    }

    public Map<String, Map<String, Object>> sidecars() {
        return sidecars;
    }
}
