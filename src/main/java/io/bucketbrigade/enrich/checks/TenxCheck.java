package io.bucketbrigade.enrich.checks;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.springframework.stereotype.Component;

/**
 * 10x samples: the barcodes count equals the matrix's columns and the features count its rows; a matrix whose
 * rows match the barcodes and columns the features is reported as transposed. Summary: cells × genes per sample.
 */
@Component
class TenxCheck implements DatasetCheck {

    @Override
    public String name() {
        return "tenx";
    }

    @Override
    public void check(DatasetState dataset, Verdict verdict) {
        Map<String, Object> samples = new TreeMap<>();
        dataset.bySample().forEach((sample, files) -> {
            Optional<FileState> barcodes = first(files, "barcodes");
            Optional<FileState> features = first(files, "features");
            Optional<FileState> matrix = first(files, "matrix");
            if (barcodes.isEmpty() || features.isEmpty() || matrix.isEmpty()) {
                return; // the required-files check names what is missing
            }
            long cells = barcodes.get().number("lines");
            long genes = features.get().number("lines");
            long rows = matrix.get().number("rows");
            long columns = matrix.get().number("columns");
            if (cells < 0 || genes < 0 || rows < 0 || columns < 0) {
                return; // unreadable files are reported with their own problems
            }
            String m = matrix.get().fileName();
            if (rows == cells && columns == genes && rows != columns) {
                verdict.fail(sample, name(), "sample " + sample + ": " + m + " is transposed: its " + rows
                        + " rows match the " + cells + " barcodes and its " + columns + " columns the " + genes
                        + " features (10x matrices have features as rows and cells as columns).");
            } else {
                if (cells != columns) {
                    verdict.fail(sample, name(), "sample " + sample + ": " + barcodes.get().fileName() + " has "
                            + cells + " barcodes but " + m + " has " + columns + " columns (cells).");
                }
                if (genes != rows) {
                    verdict.fail(sample, name(), "sample " + sample + ": " + features.get().fileName() + " has " + genes
                            + " features but " + m + " has " + rows + " rows (genes).");
                }
            }
            samples.put(sample, Map.of("cells", columns, "genes", rows));
        });
        verdict.summary("samples", samples);
    }

    private static Optional<FileState> first(List<FileState> files, String role) {
        return files.stream().filter(f -> role.equals(f.role())).findFirst();
    }
}
