package io.bucketbrigade.enrich.checks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * CryoET depositions: tomograms sit in {@code VoxelSpacing<NN.NNN>} folders, their MRC headers' dimensions equal
 * the size the deposition config gives them, and a config that lists authors lists at least one. Writes the
 * portal's entity sidecars: {@code run_metadata.json} per run and {@code tomogram_metadata.json} per tomogram,
 * each merging the config's metadata with what the headers say, with {@code deposition_id} and
 * {@code last_updated_at}.
 *
 * <p>The deposition config (any {@code <datasetId>/*.yaml}) may hold {@code deposition} (with
 * {@code deposition_id}, {@code authors} …), {@code dataset}, and {@code runs.<run>} with
 * {@code tomograms.<tomogram>.size: {x, y, z}}.
 */
@Component
class CryoEtCheck implements DatasetCheck {

    static final Pattern VOXEL_SPACING = Pattern.compile("VoxelSpacing\\d+\\.\\d{3}");

    @Override
    public String name() {
        return "cryoet";
    }

    @Override
    public void check(DatasetState dataset, Verdict verdict) {
        Map<String, Object> config = config(dataset);
        Map<String, Object> deposition = map(config.get("deposition"));
        if (deposition.containsKey("authors") && (!(deposition.get("authors") instanceof List<?> authors)
                || authors.isEmpty())) {
            verdict.fail(name(), "the deposition config lists no authors.");
        }
        dataset.role("tomogram").forEach(tomogram -> checkTomogram(tomogram, config, verdict));
        verdict.summary("runs", runs(dataset).size());
        verdict.summary("tomograms", dataset.role("tomogram").size());
    }

    @Override
    public void sidecars(DatasetState dataset, Verdict verdict) {
        Map<String, Object> config = config(dataset);
        Object depositionId = map(config.get("deposition")).getOrDefault("deposition_id", dataset.datasetId());
        for (FileState tomogram : dataset.role("tomogram")) {
            verdict.sidecar(folder(tomogram.key()) + "tomogram_metadata.json",
                    tomogramSidecar(dataset, depositionId, tomogram, config));
        }
        runs(dataset).forEach((run, tomograms) -> {
            Map<String, Object> sidecar = new LinkedHashMap<>();
            sidecar.put("deposition_id", depositionId);
            sidecar.put("dataset_id", dataset.datasetId());
            sidecar.put("run_name", run);
            sidecar.putAll(withoutTomograms(map(map(config.get("runs")).get(run))));
            sidecar.put("tomograms", tomograms.stream().map(t -> t.variable("tomogram")).sorted().toList());
            sidecar.put("last_updated_at", dataset.files().stream().filter(f -> run.equals(f.variable("run")))
                    .map(FileState::updated).max(java.util.Comparator.naturalOrder())
                    .orElse(dataset.lastUpdated()).toString());
            verdict.sidecar(dataset.datasetId() + "/" + run + "/run_metadata.json", sidecar);
        });
    }

    /** Each run with its tomograms, runs in name order. */
    private static Map<String, List<FileState>> runs(DatasetState dataset) {
        Map<String, List<FileState>> runs = new TreeMap<>();
        for (FileState file : dataset.files()) {
            if (file.variable("run") != null) {
                List<FileState> tomograms = runs.computeIfAbsent(file.variable("run"), r -> new ArrayList<>());
                if ("tomogram".equals(file.role())) {
                    tomograms.add(file);
                }
            }
        }
        return runs;
    }

    private static Map<String, Object> config(DatasetState dataset) {
        return map(dataset.first("deposition-config").map(f -> f.facts().get("document")).orElse(null));
    }

    private void checkTomogram(FileState tomogram, Map<String, Object> config, Verdict verdict) {
        String label = "tomogram " + tomogram.variable("tomogram") + " of run " + tomogram.variable("run");
        for (String segment : tomogram.key().split("/")) {
            if (segment.startsWith("VoxelSpacing") && !VOXEL_SPACING.matcher(segment).matches()) {
                verdict.fail(name(), label + " is in folder '" + segment + "'; voxel spacing folders are named"
                        + " VoxelSpacing<NN.NNN> (three decimals).");
            }
        }
        Map<String, Object> declared = map(map(declaredTomogram(config, tomogram)).get("size"));
        Map<String, Object> header = map(tomogram.facts().get("dimensions"));
        if (!declared.isEmpty() && !header.isEmpty()) {
            for (String axis : List.of("x", "y", "z")) {
                if (!String.valueOf(declared.get(axis)).equals(String.valueOf(header.get(axis)))) {
                    verdict.fail(name(), label + ": its MRC header is " + dims(header) + " but the deposition config"
                            + " gives size " + dims(declared) + ".");
                    break;
                }
            }
        }
    }

    private Map<String, Object> tomogramSidecar(DatasetState dataset, Object depositionId, FileState tomogram,
            Map<String, Object> config) {
        Map<String, Object> sidecar = new LinkedHashMap<>();
        sidecar.put("deposition_id", depositionId);
        sidecar.put("dataset_id", dataset.datasetId());
        sidecar.put("run_name", tomogram.variable("run"));
        sidecar.put("tomogram_id", tomogram.variable("tomogram"));
        sidecar.putAll(map(declaredTomogram(config, tomogram)));
        sidecar.put("size", tomogram.facts().get("dimensions"));
        sidecar.put("voxel_spacing", tomogram.facts().get("voxelSpacing"));
        sidecar.put("mode", tomogram.facts().get("mode"));
        sidecar.put("file", Map.of("key", tomogram.key(), "sha256", tomogram.sha256(), "size", tomogram.size()));
        sidecar.put("last_updated_at", tomogram.updated().toString());
        return sidecar;
    }

    private static Object declaredTomogram(Map<String, Object> config, FileState tomogram) {
        return map(map(map(map(config.get("runs")).get(tomogram.variable("run"))).get("tomograms"))
                .get(tomogram.variable("tomogram")));
    }

    private static Map<String, Object> withoutTomograms(Map<String, Object> run) {
        Map<String, Object> copy = new LinkedHashMap<>(run);
        copy.remove("tomograms");
        return copy;
    }

    private static String folder(String key) {
        return key.substring(0, key.lastIndexOf('/') + 1);
    }

    private static String dims(Map<String, Object> size) {
        return size.get("x") + "×" + size.get("y") + "×" + size.get("z");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
