package io.bucketbrigade.enrich.checks;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * Cell Painting: plate names agree between images, illumination functions and the workspace (every plate with
 * illumination functions or workspace files has images; every plate with images has load data); each batch has
 * its platemaps, as the Gallery's validator requires: {@code barcode_platemap.csv}, in which every plate of the
 * batch is listed once, and the {@code platemap/<Plate_Map_Name>.txt} it names. A plate is the name the profile
 * gives it (for images, the part of the plate folder before {@code __}). Objects that fit no known place are listed
 * as unknown. Summary: plates and wells.
 */
@Component
class CellPaintingCheck implements DatasetCheck {

    static final Set<String> WORKSPACE = Set.of("load-data", "analysis", "backend", "profiles");
    static final Set<String> PLATES = Set.of("image", "illumination", "load-data", "analysis", "backend",
            "profiles");

    @Override
    public String name() {
        return "cellpainting";
    }

    @Override
    public void check(DatasetState dataset, Verdict verdict) {
        Set<String> imaged = plates(dataset, Set.of("image"));
        Set<String> illuminated = plates(dataset, Set.of("illumination"));
        Set<String> workspace = plates(dataset, WORKSPACE);
        Set<String> loadData = plates(dataset, Set.of("load-data"));
        for (String plate : illuminated) {
            if (!imaged.contains(plate)) {
                verdict.fail(name(), "plate " + plate + " has illumination functions (images/…/illum/" + plate
                        + "/) but no images (images/…/images/" + plate + "[__…]/).");
            }
        }
        for (String plate : workspace) {
            if (!imaged.contains(plate)) {
                verdict.fail(name(), "plate " + plate + " has workspace files but no images (images/…/images/"
                        + plate + "[__…]/).");
            }
        }
        for (String plate : imaged) {
            if (!loadData.contains(plate)) {
                verdict.fail(name(), "plate " + plate + " has images but no load_data_csv (workspace/load_data_csv/…/"
                        + plate + "/).");
            }
        }
        platemaps(dataset, verdict);
        dataset.role("unknown").forEach(file -> verdict.unknown(file.key()));
        long wells = dataset.role("load-data").stream().mapToLong(f -> Math.max(0, f.number("wells"))).sum();
        Set<String> all = new TreeSet<>(imaged);
        all.addAll(illuminated);
        all.addAll(workspace);
        verdict.summary("plates", all.size());
        verdict.summary("plateNames", all);
        verdict.summary("wells", wells);
    }

    /** Every plate of every batch listed once in its batch's barcode_platemap.csv, and its platemap file there. */
    private void platemaps(DatasetState dataset, Verdict verdict) {
        Map<String, Map<String, Set<String>>> batches = new TreeMap<>(); // batch -> plate -> names it goes by
        for (FileState file : dataset.files()) {
            String batch = file.variable("batch");
            String plate = file.variable("plate");
            if (PLATES.contains(file.role()) && batch != null && plate != null) {
                Set<String> names = batches.computeIfAbsent(batch, b -> new TreeMap<>())
                        .computeIfAbsent(plate, p -> new TreeSet<>(Set.of(p)));
                if (file.variable("plateFolder") != null) {
                    names.add(file.variable("plateFolder"));
                }
            }
        }
        batches.forEach((batch, plates) -> {
            String folder = "workspace/metadata/platemaps/" + batch + "/";
            List<FileState> barcodes = inBatch(dataset, "barcode-platemap", batch);
            Set<String> platemaps = inBatch(dataset, "platemap", batch).stream().map(f -> f.variable("platemap"))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (barcodes.isEmpty()) {
                verdict.missing(name(), "batch " + batch + " has no " + folder + "barcode_platemap.csv: plates "
                        + plates.keySet() + " have no platemap.");
                return;
            }
            if (platemaps.isEmpty()) {
                verdict.missing(name(), "batch " + batch + " has no platemaps (" + folder + "platemap/<name>.txt).");
            }
            if (!(barcodes.get(0).facts().get("platemaps") instanceof List<?> rows)) {
                return; // a barcode_platemap.csv without its columns is reported with its own problem
            }
            plates.forEach((plate, names) -> {
                Set<String> named = new TreeSet<>();
                for (Object row : rows) {
                    if (row instanceof Map<?, ?> assignment
                            && names.contains(String.valueOf(assignment.get("plate")))) {
                        named.add(String.valueOf(assignment.get("platemap")));
                    }
                }
                if (named.isEmpty()) {
                    verdict.fail(name(), "plate " + plate + " (batch " + batch + ") is not listed in " + folder
                            + "barcode_platemap.csv (Assay_Plate_Barcode).");
                } else if (named.size() > 1) {
                    verdict.fail(name(), "plate " + plate + " (batch " + batch + ") has " + named.size()
                            + " platemaps in " + folder + "barcode_platemap.csv: " + named + "; it has one.");
                } else if (!platemaps.contains(named.iterator().next())) {
                    verdict.missing(name(), "plate " + plate + " (batch " + batch + "): its platemap " + folder
                            + "platemap/" + named.iterator().next() + ".txt, named in barcode_platemap.csv, is"
                            + " missing.");
                }
            });
        });
    }

    private static List<FileState> inBatch(DatasetState dataset, String role, String batch) {
        return dataset.role(role).stream().filter(f -> batch.equals(f.variable("batch"))).toList();
    }

    private static Set<String> plates(DatasetState dataset, Set<String> roles) {
        return dataset.files().stream().filter(f -> roles.contains(f.role()) && f.variable("plate") != null)
                .map(f -> f.variable("plate")).collect(Collectors.toCollection(TreeSet::new));
    }
}
