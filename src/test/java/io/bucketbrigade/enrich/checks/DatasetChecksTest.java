package io.bucketbrigade.enrich.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The dataset checks' rules, on datasets described in memory. */
class DatasetChecksTest {

    static FileState file(String key, String role, String sample, Map<String, String> variables,
            Map<String, Object> facts) {
        return new FileState(key, key, role, sample, variables, "0".repeat(64), 10, facts, List.of(),
                Instant.parse("2026-01-01T00:00:00Z"), false);
    }

    static DatasetState dataset(FileState... files) {
        return new DatasetState("ds", null, List.of(files), Map.of("_id", "id", "location", "s3://p/ds"));
    }

    static List<String> failures(DatasetCheck check, DatasetState dataset) {
        Verdict verdict = new Verdict();
        check.check(dataset, verdict);
        return verdict.failures().stream().map(Verdict.Failure::message).toList();
    }

    @Nested
    class Tenx {

        final TenxCheck check = new TenxCheck();

        DatasetState sample(long barcodes, long features, long rows, long columns) {
            return dataset(file("ds/s1/barcodes.tsv.gz", "barcodes", "s1", Map.of(), Map.of("lines", barcodes)),
                    file("ds/s1/features.tsv.gz", "features", "s1", Map.of(), Map.of("lines", features)),
                    file("ds/s1/matrix.mtx.gz", "matrix", "s1", Map.of(), Map.of("rows", rows, "columns", columns)));
        }

        @Test
        void countsThatAgreeGiveCellsAndGenes() {
            Verdict verdict = new Verdict();
            check.check(sample(3, 5, 5, 3), verdict);

            assertThat(verdict.failures()).isEmpty();
            assertThat(verdict.summary()).containsEntry("samples", Map.of("s1", Map.of("cells", 3L, "genes", 5L)));
        }

        @Test
        void oneBarcodeTooMany() {
            assertThat(failures(check, sample(4, 5, 5, 3))).containsExactly(
                    "sample s1: barcodes.tsv.gz has 4 barcodes but matrix.mtx.gz has 3 columns (cells).");
        }

        @Test
        void oneFeatureTooFew() {
            assertThat(failures(check, sample(3, 4, 5, 3))).containsExactly(
                    "sample s1: features.tsv.gz has 4 features but matrix.mtx.gz has 5 rows (genes).");
        }

        @Test
        void aTransposedMatrix() {
            assertThat(failures(check, sample(3, 5, 3, 5))).singleElement().asString()
                    .startsWith("sample s1: matrix.mtx.gz is transposed: its 3 rows match the 3 barcodes");
        }

        @Test
        void aSquareMatrixIsNeverCalledTransposed() {
            assertThat(failures(check, sample(4, 4, 4, 4))).isEmpty();
        }
    }

    @Nested
    class CellPainting {

        final CellPaintingCheck check = new CellPaintingCheck();

        @Test
        void platesMustAgreeBetweenImagesIlluminationAndWorkspace() {
            Verdict verdict = new Verdict();
            check.check(dataset(
                    file("i1", "image", null, Map.of("plate", "P1"), Map.of()),
                    file("i2", "image", null, Map.of("plate", "P2"), Map.of()),
                    file("l1", "load-data", null, Map.of("plate", "P1"), Map.of("wells", 96)),
                    file("u3", "illumination", null, Map.of("plate", "P3"), Map.of()),
                    file("x", "unknown", null, Map.of(), Map.of())), verdict);

            assertThat(verdict.failures()).extracting(Verdict.Failure::message).containsExactly(
                    "plate P3 has illumination functions (images/…/illum/P3/) but no images (images/…/images/P3/).",
                    "plate P2 has images but no load_data_csv (workspace/load_data_csv/…/P2/).");
            assertThat(verdict.unknown()).containsExactly("x");
            assertThat(verdict.summary()).containsEntry("plates", 3).containsEntry("wells", 96L);
        }
    }

    @Nested
    class Aind {

        @Test
        void anUnknownDataLevel() {
            assertThat(failures(new AindCheck(), dataset(file("ds/data_description.json", "data-description", null,
                    Map.of(), Map.of("data_level", "cooked"))))).containsExactly(
                    "data_description.json has data_level 'cooked'; it must be one of [raw, derived].");
        }
    }

    @Nested
    class CryoEt {

        final CryoEtCheck check = new CryoEtCheck();

        FileState config(Object document) {
            return file("ds/deposition.yaml", "deposition-config", null, Map.of(), Map.of("document", document));
        }

        FileState tomogram(String key, int x) {
            return file(key, "tomogram", null, Map.of("run", "TS_1", "tomogram", "t1"),
                    Map.of("dimensions", Map.of("x", x, "y", 6, "z", 4), "voxelSpacing", "13.480"));
        }

        @Test
        void headerDimensionsMustEqualTheConfigsSize() {
            Map<String, Object> config = Map.of("runs", Map.of("TS_1", Map.of("tomograms",
                    Map.of("t1", Map.of("size", Map.of("x", 8, "y", 6, "z", 4))))));

            assertThat(failures(check, dataset(config(config),
                    tomogram("ds/TS_1/Reconstructions/VoxelSpacing13.480/Tomograms/t1/TS_1.mrc", 9))))
                    .containsExactly("tomogram t1 of run TS_1: its MRC header is 9×6×4 but the deposition config"
                            + " gives size 8×6×4.");
        }

        @Test
        void voxelSpacingFoldersHaveThreeDecimalsAndAuthorsAreNotEmpty() {
            Map<String, Object> config = Map.of("deposition", Map.of("authors", new ArrayList<>()));

            assertThat(failures(check, dataset(config(config),
                    tomogram("ds/TS_1/Reconstructions/VoxelSpacing13.48/Tomograms/t1/TS_1.mrc", 8))))
                    .containsExactly("the deposition config lists no authors.",
                            "tomogram t1 of run TS_1 is in folder 'VoxelSpacing13.48'; voxel spacing folders are"
                                    + " named VoxelSpacing<NN.NNN> (three decimals).");
        }

        @Test
        void runAndTomogramSidecarsCarryTheDepositionIdAndTheHeader() {
            Verdict verdict = new Verdict();
            DatasetState dataset = dataset(config(Map.of("deposition", Map.of("deposition_id", 7))),
                    tomogram("ds/TS_1/Reconstructions/VoxelSpacing13.480/Tomograms/t1/TS_1.mrc", 8));

            check.sidecars(dataset, verdict);

            assertThat(verdict.sidecars()).containsOnlyKeys("ds/TS_1/run_metadata.json",
                    "ds/TS_1/Reconstructions/VoxelSpacing13.480/Tomograms/t1/tomogram_metadata.json");
            assertThat(verdict.sidecars().get("ds/TS_1/Reconstructions/VoxelSpacing13.480/Tomograms/t1/"
                    + "tomogram_metadata.json")).containsEntry("deposition_id", 7)
                    .containsEntry("voxel_spacing", "13.480").containsEntry("last_updated_at", "2026-01-01T00:00:00Z");
        }
    }
}
