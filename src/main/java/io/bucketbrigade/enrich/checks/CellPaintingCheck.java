package io.bucketbrigade.enrich.checks;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

/**
 * Cell Painting: plate names agree between images, illumination functions and the workspace (every plate with
 * illumination functions or workspace files has images; every plate with images has load data); objects that fit
 * no known place are listed as unknown. Summary: plates and wells.
 */
@Component
class CellPaintingCheck implements DatasetCheck {

    static final Set<String> WORKSPACE = Set.of("load-data", "analysis", "backend", "profiles");

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
                        + "/) but no images (images/…/images/" + plate + "/).");
            }
        }
        for (String plate : workspace) {
            if (!imaged.contains(plate)) {
                verdict.fail(name(), "plate " + plate + " has workspace files but no images (images/…/images/"
                        + plate + "/).");
            }
        }
        for (String plate : imaged) {
            if (!loadData.contains(plate)) {
                verdict.fail(name(), "plate " + plate + " has images but no load_data_csv (workspace/load_data_csv/…/"
                        + plate + "/).");
            }
        }
        dataset.role("unknown").forEach(file -> verdict.unknown(file.key()));
        long wells = dataset.role("load-data").stream().mapToLong(f -> Math.max(0, f.number("wells"))).sum();
        Set<String> all = new TreeSet<>(imaged);
        all.addAll(illuminated);
        all.addAll(workspace);
        verdict.summary("plates", all.size());
        verdict.summary("plateNames", all);
        verdict.summary("wells", wells);
    }

    private static Set<String> plates(DatasetState dataset, Set<String> roles) {
        return dataset.files().stream().filter(f -> roles.contains(f.role()) && f.variable("plate") != null)
                .map(f -> f.variable("plate")).collect(Collectors.toCollection(TreeSet::new));
    }
}
