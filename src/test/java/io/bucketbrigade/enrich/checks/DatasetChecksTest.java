package io.bucketbrigade.enrich.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bucketbrigade.profiles.Classification;
import io.bucketbrigade.profiles.DatasetProfile;
import io.bucketbrigade.profiles.ProfileLoader;
import io.bucketbrigade.records.MetadataStatus;
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

    /** A profile as shipped in profiles/. */
    static DatasetProfile shipped(String name) {
        Path file = Path.of(System.getProperty("brigade.repo.dir", ".")).resolve("profiles").resolve(name + ".yaml");
        try {
            return new ProfileLoader(Map.of("matrix-market", Set.of(), "barcodes", Set.of(), "json", Set.of(),
                    "mrc", Set.of("voxelSpacing")), Set.of("tenx", "aind", "cellpainting", "cryoet"))
                    .load(file.getFileName().toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A deposited file, at the key its shipped profile gives it in source, with these facts and problems
     * ({rule, message}).
     */
    static FileState deposited(DatasetProfile profile, String key, Map<String, Object> facts,
            List<Map<String, String>> problems) {
        Classification.Accepted accepted = (Classification.Accepted) profile.classify(key).orElseThrow();
        return new FileState(accepted.targetKey(Map.of()), key, accepted.role(), accepted.sampleId(),
                accepted.variables(), "0".repeat(64), 10, facts, problems, Instant.parse("2026-01-01T00:00:00Z"),
                false);
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

        final DatasetProfile tenx = shipped("tenx");
        final String experiment = "0123456789abcdef0123456789abcdef";

        List<FileState> sampleFiles(String sample, long barcodes, long features,
                List<Map<String, String>> featureProblems) {
            String folder = experiment + "/" + sample + "/";
            return List.of(
                    deposited(tenx, folder + "GSM5000001_barcodes.tsv.gz", Map.of("lines", barcodes), List.of()),
                    deposited(tenx, folder + "GSM5000001_features.tsv.gz", Map.of("lines", features),
                            featureProblems),
                    deposited(tenx, folder + "GSM5000001_matrix.mtx.gz", Map.of("rows", 5L, "columns", 3L),
                            List.of()));
        }

        Verdict checked(List<FileState> files) {
            DatasetState dataset = new DatasetState(experiment, tenx, files, Map.of());
            Verdict verdict = new Verdict();
            FileProblems.check(dataset, verdict);
            check.check(dataset, verdict);
            verdict.summarize(dataset.bySample().keySet());
            return verdict;
        }

        @Test
        void oneBadSampleFailsTheDatasetAndEachSampleHasItsOwnVerdict() {
            List<FileState> files = new ArrayList<>(sampleFiles("WT day 1", 3, 5, List.of()));
            files.addAll(sampleFiles("KO day 1", 4, 5, List.of()));

            Verdict verdict = checked(files);

            assertThat(verdict.status()).isEqualTo(MetadataStatus.INVALID);
            Map<String, Object> samples = (Map<String, Object>) verdict.summary().get("samples");
            assertThat(samples.get("WT day 1")).isEqualTo(Map.of("status", "Valid", "checks", List.of(),
                    "cells", 3L, "genes", 5L));
            assertThat((Map<String, Object>) samples.get("KO day 1")).containsEntry("status", "Invalid")
                    .containsEntry("checks", List.of("sample KO day 1: barcodes.tsv.gz has 4 barcodes but"
                            + " matrix.mtx.gz has 3 columns (cells)."));
        }

        @Test
        void duplicateFeatureIdsAreAWarningOfTheDatasetButDuplicateBarcodesFailIt() {
            Map<String, String> duplicates = Map.of("rule", "duplicate-ids", "message",
                    "features.tsv.gz has 1 duplicate id(s) in its first column, e.g. [ENSG1].");
            List<FileState> files = new ArrayList<>(sampleFiles("s1", 3, 5, List.of(duplicates)));

            Verdict warned = checked(files);

            assertThat(warned.status()).isEqualTo(MetadataStatus.VALID);
            assertThat(warned.summary()).containsEntry("warnings", List.of("sample s1: features.tsv.gz has 1"
                    + " duplicate id(s) in its first column, e.g. [ENSG1]."));

            FileState barcodes = files.get(0);
            files.set(0, new FileState(barcodes.key(), barcodes.originalKey(), barcodes.role(), barcodes.sampleId(),
                    barcodes.variables(), barcodes.sha256(), barcodes.size(), barcodes.facts(), List.of(Map.of(
                    "rule", "duplicate-ids", "message", "barcodes.tsv.gz has 1 duplicate id(s)")),
                    barcodes.updated(), false));
            Verdict failed = checked(files);

            assertThat(failed.status()).isEqualTo(MetadataStatus.INVALID);
            assertThat(failed.failures()).extracting(Verdict.Failure::message)
                    .containsExactly("barcodes.tsv.gz has 1 duplicate id(s)");
            assertThat(failed.status("s1")).isEqualTo(MetadataStatus.INVALID);
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

            assertThat(verdict.failures()).extracting(Verdict.Failure::message).contains(
                    "plate P3 has illumination functions (images/…/illum/P3/) but no images"
                            + " (images/…/images/P3[__…]/).",
                    "plate P2 has images but no load_data_csv (workspace/load_data_csv/…/P2/).");
            assertThat(verdict.unknown()).containsExactly("x");
            assertThat(verdict.summary()).containsEntry("plates", 3).containsEntry("wells", 96L);
        }

        final DatasetProfile cellPainting = shipped("cellpainting");
        static final String SOURCE = "cpg0016-jump/source_4/";
        static final String BATCH = "2021_04_26_Batch1";
        static final String PLATEMAPS = SOURCE + "workspace/metadata/platemaps/" + BATCH + "/";

        /** The documented cpg0016 source_4 example: two plates, images under the full plate folders. */
        Map<String, FileState> documentedExample() {
            Map<String, FileState> files = new LinkedHashMap<>();
            for (String[] plate : new String[][] {{"BR00117035", "BR00117035__2021-05-02T16_02_51-Measurement1"},
                    {"BR00117036", "BR00117036__2021-05-02T18_01_40-Measurement1"}}) {
                put(files, SOURCE + "images/" + BATCH + "/images/" + plate[1]
                        + "/Images/r01c01f01p01-ch1sk1fk1fl1.tiff", Map.of());
                put(files, SOURCE + "images/" + BATCH + "/illum/" + plate[0] + "/" + plate[0] + "_IllumAGP.npy",
                        Map.of());
                put(files, SOURCE + "workspace/load_data_csv/" + BATCH + "/" + plate[0] + "/load_data.csv.gz",
                        Map.of("wells", 1));
                put(files, SOURCE + "workspace/backend/" + BATCH + "/" + plate[0] + "/" + plate[0] + ".sqlite",
                        Map.of());
            }
            put(files, PLATEMAPS + "barcode_platemap.csv", Map.of("platemaps", List.of(
                    Map.of("plate", "BR00117035", "platemap", "OAA01.02.03.04.A"),
                    Map.of("plate", "BR00117036", "platemap", "OAA01.02.03.04.A"))));
            put(files, PLATEMAPS + "platemap/OAA01.02.03.04.A.txt", Map.of());
            put(files, SOURCE + "workspace/metadata/external_metadata/external_metadata.tsv", Map.of());
            return files;
        }

        void put(Map<String, FileState> files, String key, Map<String, Object> facts) {
            files.put(key, deposited(cellPainting, key, facts, List.of()));
        }

        Verdict checked(Map<String, FileState> files) {
            Verdict verdict = new Verdict();
            check.check(new DatasetState("cpg0016-jump/source_4", cellPainting, List.copyOf(files.values()),
                    Map.of()), verdict);
            return verdict;
        }

        @Test
        void theDocumentedCpg0016LayoutIsValid() {
            Verdict verdict = checked(documentedExample());

            assertThat(verdict.failures()).isEmpty();
            assertThat(verdict.status()).isEqualTo(MetadataStatus.VALID);
            assertThat(verdict.summary()).containsEntry("plates", 2)
                    .containsEntry("plateNames", new java.util.TreeSet<>(Set.of("BR00117035", "BR00117036")));
        }

        @Test
        void aPlateNotInBarcodePlatemapIsReportedByName() {
            Map<String, FileState> files = documentedExample();
            put(files, PLATEMAPS + "barcode_platemap.csv", Map.of("platemaps", List.of(
                    Map.of("plate", "BR00117035", "platemap", "OAA01.02.03.04.A"))));

            Verdict verdict = checked(files);

            assertThat(verdict.status()).isEqualTo(MetadataStatus.INVALID);
            assertThat(verdict.failures()).extracting(Verdict.Failure::message).containsExactly(
                    "plate BR00117036 (batch 2021_04_26_Batch1) is not listed in workspace/metadata/platemaps/"
                            + "2021_04_26_Batch1/barcode_platemap.csv (Assay_Plate_Barcode).");
        }

        @Test
        void theFullPlateFolderNameMayStandInBarcodePlatemap() {
            Map<String, FileState> files = documentedExample();
            put(files, PLATEMAPS + "barcode_platemap.csv", Map.of("platemaps", List.of(
                    Map.of("plate", "BR00117035__2021-05-02T16_02_51-Measurement1", "platemap", "OAA01.02.03.04.A"),
                    Map.of("plate", "BR00117036", "platemap", "OAA01.02.03.04.A"))));

            assertThat(checked(files).failures()).isEmpty();
        }

        @Test
        void thePlatemapFileItNamesMustExist() {
            Map<String, FileState> files = documentedExample();
            put(files, PLATEMAPS + "barcode_platemap.csv", Map.of("platemaps", List.of(
                    Map.of("plate", "BR00117035", "platemap", "OAA01.02.03.04.A"),
                    Map.of("plate", "BR00117036", "platemap", "OAA01.02.03.04.B"))));

            Verdict verdict = checked(files);

            assertThat(verdict.status()).isEqualTo(MetadataStatus.MISSING);
            assertThat(verdict.failures()).extracting(Verdict.Failure::message).containsExactly(
                    "plate BR00117036 (batch 2021_04_26_Batch1): its platemap workspace/metadata/platemaps/"
                            + "2021_04_26_Batch1/platemap/OAA01.02.03.04.B.txt, named in barcode_platemap.csv, is"
                            + " missing.");
        }

        @Test
        void aBatchNeedsBarcodePlatemapAndPlatemaps() {
            Map<String, FileState> files = documentedExample();
            files.remove(PLATEMAPS + "platemap/OAA01.02.03.04.A.txt");
            assertThat(checked(files).failures()).extracting(Verdict.Failure::message).contains(
                    "batch 2021_04_26_Batch1 has no platemaps (workspace/metadata/platemaps/2021_04_26_Batch1/"
                            + "platemap/<name>.txt).");

            files.remove(PLATEMAPS + "barcode_platemap.csv");
            Verdict verdict = checked(files);
            assertThat(verdict.status()).isEqualTo(MetadataStatus.MISSING);
            assertThat(verdict.failures()).extracting(Verdict.Failure::message).containsExactly(
                    "batch 2021_04_26_Batch1 has no workspace/metadata/platemaps/2021_04_26_Batch1/"
                            + "barcode_platemap.csv: plates [BR00117035, BR00117036] have no platemap.");
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
