package io.bucketbrigade.enrich.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.bucketbrigade.records.MetadataStatus;

/**
 * What the checks concluded of a dataset: {@code Valid}, {@code Invalid} (a check failed) or {@code Missing} (a
 * required file is not there), every failure with its message, warnings (recorded, never failing), a summary for
 * records, objects that fit no known place, and the metadata sidecars to write (key in processed to content). For
 * profiles with samples, each sample also has its own verdict; one bad sample makes the whole dataset fail.
 */
public final class Verdict {

    /** One failed check. */
    public record Failure(String check, String message) {}

    private final List<Failure> failures = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<String, List<String>> sampleFailures = new TreeMap<>();
    private final Map<String, Boolean> sampleMissing = new TreeMap<>();
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

    /** A failure of one sample (null: of the dataset): it fails the dataset too. */
    public void fail(String sample, String check, String message) {
        fail(check, message);
        if (sample != null) {
            sampleFailures.computeIfAbsent(sample, s -> new ArrayList<>()).add(message);
        }
    }

    /** A required file missing from one sample (null: from the dataset). */
    public void missing(String sample, String check, String message) {
        missing(check, message);
        if (sample != null) {
            sampleFailures.computeIfAbsent(sample, s -> new ArrayList<>()).add(message);
            sampleMissing.put(sample, true);
        }
    }

    /** Something a curator should know that does not fail the dataset. */
    public void warn(String message) {
        warnings.add(message);
    }

    public List<String> warnings() {
        return warnings;
    }

    /** One sample's status, as {@link #status()} for the dataset. */
    public MetadataStatus status(String sample) {
        return sampleMissing.getOrDefault(sample, false) ? MetadataStatus.MISSING
                : sampleFailures.containsKey(sample) ? MetadataStatus.INVALID : MetadataStatus.VALID;
    }

    /**
     * Puts each sample's own verdict ({@code status}, {@code checks}) into the summary's {@code samples}, next to
     * what the checks summarized of it (cells, genes); and the warnings, if any, into {@code warnings}.
     */
    public void summarize(Iterable<String> samples) {
        Map<String, Object> bySample = new TreeMap<>();
        Object counted = summary.get("samples");
        for (String sample : samples) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("status", status(sample).wire());
            entry.put("checks", List.copyOf(sampleFailures.getOrDefault(sample, List.of())));
            if (counted instanceof Map<?, ?> all && all.get(sample) instanceof Map<?, ?> figures) {
                figures.forEach((name, value) -> entry.put(String.valueOf(name), value));
            }
            bySample.put(sample, entry);
        }
        if (!bySample.isEmpty()) {
            summary.put("samples", bySample);
        }
        if (!warnings.isEmpty()) {
            summary.put("warnings", List.copyOf(warnings));
        }
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

    public MetadataStatus status() {
        return missing ? MetadataStatus.MISSING : failures.isEmpty() ? MetadataStatus.VALID : MetadataStatus.INVALID;
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
