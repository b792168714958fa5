package io.bucketbrigade.enrich.checks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * AIND data assets: {@code data_description.json} says a known {@code data_level} (raw or derived). The core
 * files' contents become the asset's metadata record, which the sidecar {@code metadata.nd.json} holds.
 */
@Component
class AindCheck implements DatasetCheck {

    static final List<String> DATA_LEVELS = List.of("raw", "derived");

    @Override
    public String name() {
        return "aind";
    }

    @Override
    public void check(DatasetState dataset, Verdict verdict) {
        dataset.first("data-description").ifPresent(description -> {
            Object level = description.facts().get("data_level");
            if (!DATA_LEVELS.contains(level)) {
                verdict.fail(name(), description.fileName() + " has data_level " + (level == null ? "missing"
                        : "'" + level + "'") + "; it must be one of " + DATA_LEVELS + ".");
            } else {
                verdict.summary("data_level", level);
            }
        });
        Map<String, Object> schemaVersions = new LinkedHashMap<>();
        for (FileState core : dataset.files()) {
            if ((core.role().equals("core-metadata") || core.role().equals("data-description"))
                    && core.facts().get("schema_version") != null) {
                schemaVersions.put(core.fileName().replace(".json", ""), core.facts().get("schema_version"));
            }
        }
        verdict.summary("schema_versions", schemaVersions);
        coreFields(dataset).forEach(verdict::recordField);
    }

    /**
     * {@code metadata.nd.json}: the asset's DocumentDB record, in the AIND record's shape, with each core file's
     * content under its name ({@code subject}, {@code data_description} …), written once the verdict is recorded.
     */
    @Override
    public void sidecars(DatasetState dataset, Verdict verdict) {
        verdict.recordSidecar(dataset.profile().sidecarKey(dataset.datasetId()));
    }

    /** The nine core fields, each the content of its file or null. */
    private static Map<String, Object> coreFields(DatasetState dataset) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String field : List.of("subject", "data_description", "procedures", "session", "rig", "processing",
                "acquisition", "instrument", "quality_control")) {
            fields.put(field, dataset.files().stream()
                    .filter(f -> (dataset.datasetId() + "/" + field + ".json").equals(f.originalKey()))
                    .map(f -> f.facts().get("document")).filter(java.util.Objects::nonNull).findFirst().orElse(null));
        }
        return fields;
    }
}
