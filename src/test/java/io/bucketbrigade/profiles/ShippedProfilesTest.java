package io.bucketbrigade.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Map;

import io.bucketbrigade.support.ShippedProfiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The profiles in profiles/, as operators get them: which keys each takes, and where each file goes. */
class ShippedProfilesTest {

    static final String EXPERIMENT = "0123456789abcdef0123456789abcdef";

    final ProfileCatalog catalog = ShippedProfiles.load();

    @AfterEach
    void stop() {
        catalog.destroy();
    }

    @Test
    void allLoadInTheDocumentedOrder() {
        assertThat(catalog.statuses()).allSatisfy(status -> assertThat(status.error()).isNull());
        assertThat(catalog.profiles()).extracting(DatasetProfile::name)
                .containsExactly("tenx", "aind", "cellpainting", "cryoet", "generic");
    }

    @Test
    void eachSettlesForTheGapsItsPlatformsUploadsHaveAndNoneWaitsForAMarker() {
        assertThat(catalog.profiles()).extracting(p -> p.name() + " " + p.completion().settleText(),
                p -> p.completion().marker()).containsExactly(tuple("tenx 10m", null), tuple("aind 1h", null),
                tuple("cellpainting 12h", null), tuple("cryoet 12h", null), tuple("generic 10m", null));
    }

    @Nested
    class Tenx {

        @Test
        void plainFilesAreGzippedAndGenesBecomesFeatures() {
            Classification.Accepted genes = accepted(EXPERIMENT + "/sample-1/genes.tsv");

            assertThat(genes.profile()).isEqualTo("tenx");
            assertThat(genes.datasetId()).isEqualTo(EXPERIMENT);
            assertThat(genes.sampleId()).isEqualTo("sample-1");
            assertThat(genes.role()).isEqualTo("features");
            assertThat(genes.gzip()).isTrue();
            assertThat(genes.targetKey(Map.of())).isEqualTo(EXPERIMENT + "/sample-1/features.tsv.gz");
        }

        @Test
        void theMatrixIsCheckedAndKeepsItsStandardName() {
            Classification.Accepted matrix = accepted(EXPERIMENT + "/s2/matrix.mtx.gz");

            assertThat(matrix.checks()).containsExactly("matrix-market");
            assertThat(matrix.targetKey(Map.of())).isEqualTo(EXPERIMENT + "/s2/matrix.mtx.gz");
        }

        @Test
        void anyOtherFileOfAnExperimentIsRefused() {
            Classification.Rejected other = rejected(EXPERIMENT + "/s1/notes.txt");

            assertThat(other.profile()).isEqualTo("tenx");
            assertThat(other.datasetId()).isEqualTo(EXPERIMENT);
            assertThat(other.rule()).isEqualTo("unknown-file");
            assertThat(other.message()).contains("barcodes.tsv", "'s1/notes.txt' is not one of them");
            assertThat(rejected(EXPERIMENT + "/s1/deeper/matrix.mtx").rule()).isEqualTo("unknown-file");
        }

        @ParameterizedTest
        @CsvSource({
                "GSM5000001_barcodes.tsv.gz, barcodes, barcodes.tsv.gz",
                "GSM5000001_features.tsv.gz, features, features.tsv.gz",
                "GSM5000001_genes.tsv, features, features.tsv.gz",
                "GSM5000001_matrix.mtx.gz, matrix, matrix.mtx.gz",
                "Barcodes.TSV.GZ, barcodes, barcodes.tsv.gz",
        })
        void geoPrefixedNamesAreKnownByTheirEndingAndStoredUnderTheStandardName(String file, String role,
                String standard) {
            Classification.Accepted accepted = accepted(EXPERIMENT + "/GSM5000001/" + file);

            assertThat(accepted.role()).isEqualTo(role);
            assertThat(accepted.sampleId()).isEqualTo("GSM5000001");
            assertThat(accepted.targetKey(Map.of())).isEqualTo(EXPERIMENT + "/GSM5000001/" + standard);
            assertThat(accepted.variables()).containsEntry("file", file);
        }

        @Test
        void duplicateFeatureIdsAreOnlyAWarningAndBarcodesAreCheckedForTabs() {
            assertThat(accepted(EXPERIMENT + "/s1/features.tsv").rule().warn()).containsExactly("duplicate-ids");
            assertThat(accepted(EXPERIMENT + "/s1/barcodes.tsv").rule().warn()).isEmpty();
            assertThat(accepted(EXPERIMENT + "/s1/barcodes.tsv").checks()).containsExactly("barcodes");
        }

        @Test
        void sampleFoldersMayHoldSpacesAsCellenicsNamesSamplesAfterThem() {
            Classification.Accepted spaced = accepted(EXPERIMENT + "/WT day 1/matrix.mtx");

            assertThat(spaced.sampleId()).isEqualTo("WT day 1");
            assertThat(spaced.targetKey(Map.of())).isEqualTo(EXPERIMENT + "/WT day 1/matrix.mtx.gz");
            assertThat(rejected(EXPERIMENT + "/WT\tday/matrix.mtx").rule())
                    .isEqualTo("whitespace");
            assertThat(rejected(EXPERIMENT + "/WT(1)/matrix.mtx").rule()).isEqualTo("special-character");
        }
    }

    @Nested
    class Aind {

        @Test
        void coreSchemaFilesAreCheckedJsonAndDataIsKept() {
            Classification.Accepted subject = accepted("ecephys_642478_2023-01-17_13-56-29/subject.json");
            Classification.Accepted data = accepted("ecephys_642478_2023-01-17_13-56-29/ecephys/probe_a.dat");

            assertThat(subject.profile()).isEqualTo("aind");
            assertThat(subject.datasetId()).isEqualTo("ecephys_642478_2023-01-17_13-56-29");
            assertThat(subject.role()).isEqualTo("core-metadata");
            assertThat(subject.checks()).containsExactly("json");
            assertThat(data.role()).isEqualTo("data");
            assertThat(data.targetKey(Map.of())).isEqualTo("ecephys_642478_2023-01-17_13-56-29/ecephys/probe_a.dat");
        }

        @Test
        void derivedAssetsAreTheirOwnDataset() {
            Classification.Accepted derived = accepted(
                    "ecephys_642478_2023-01-17_13-56-29_sorted_2023-01-20_10-00-00/data_description.json");

            assertThat(derived.datasetId()).isEqualTo("ecephys_642478_2023-01-17_13-56-29_sorted_2023-01-20_10-00-00");
            assertThat(derived.role()).isEqualTo("data-description");
        }
    }

    @Nested
    class CellPainting {

        @Test
        void aDatasetIsOneSourceOfOneProject() {
            Classification.Accepted image = accepted(
                    "cpg0016-jump/source_4/images/2021_04_26_Batch1/images/BR00117035/r01c01f01p01-ch1.tiff");
            Classification.Accepted loadData = accepted(
                    "cpg0016-jump/source_4/workspace/load_data_csv/2021_04_26_Batch1/BR00117035/load_data.csv");

            assertThat(image.datasetId()).isEqualTo("cpg0016-jump/source_4");
            assertThat(image.role()).isEqualTo("image");
            assertThat(image.variables()).containsEntry("plate", "BR00117035").containsEntry("batch",
                    "2021_04_26_Batch1");
            assertThat(loadData.role()).isEqualTo("load-data");
            assertThat(image.targetKey(Map.of()))
                    .isEqualTo("cpg0016-jump/source_4/images/2021_04_26_Batch1/images/BR00117035/r01c01f01p01-ch1.tiff");
        }

        @Test
        void imagesSitUnderTheFullPlateFolderAndThePlateIsThePartBeforeTheDoubleUnderscore() {
            String source = "cpg0016-jump/source_4/";
            Classification.Accepted image = accepted(source + "images/2021_04_26_Batch1/images/"
                    + "BR00117035__2021-05-02T16_02_51-Measurement1/Images/r01c01f01p01-ch1sk1fk1fl1.tiff");
            Classification.Accepted illum = accepted(source
                    + "images/2021_04_26_Batch1/illum/BR00117035/BR00117035_IllumAGP.npy");

            assertThat(image.role()).isEqualTo("image");
            assertThat(image.variables()).containsEntry("plate", "BR00117035")
                    .containsEntry("plateFolder", "BR00117035__2021-05-02T16_02_51-Measurement1");
            assertThat(illum.variables()).containsEntry("plate", "BR00117035");
        }

        @Test
        void platemapsAreKnownPerBatch() {
            String platemaps = "cpg0016-jump/source_4/workspace/metadata/platemaps/2021_04_26_Batch1/";

            assertThat(accepted(platemaps + "barcode_platemap.csv").role()).isEqualTo("barcode-platemap");
            assertThat(accepted(platemaps + "platemap/OAA01.02.03.04.A.txt").variables())
                    .containsEntry("platemap", "OAA01.02.03.04.A").containsEntry("batch", "2021_04_26_Batch1");
            assertThat(accepted("cpg0016-jump/source_4/workspace/metadata/external_metadata/x.tsv").role())
                    .isEqualTo("metadata");
        }

        @Test
        void theGallerysNamingRulesApplyToCellPainting() {
            assertThat(rejected("cpg0016-jump/source_4/images/b/images/plate 1/x.tiff").rule())
                    .isEqualTo("whitespace");
            assertThat(rejected("my-dataset/raw file.bin").rule()).isEqualTo("whitespace");
        }

        @Test
        void objectsInNoKnownPlaceAreKeptAsUnknown() {
            assertThat(accepted("cpg0016-jump/source_4/notes/readme.md").role()).isEqualTo("unknown");
        }
    }

    @Nested
    class CryoEt {

        @Test
        void tomogramsGoToTheStandardLayoutWithTheVoxelSpacingFromTheHeader() {
            Classification.Accepted tomogram = accepted("10001/TS_026/tomograms/TS_026_bin4.mrc");

            assertThat(tomogram.profile()).isEqualTo("cryoet");
            assertThat(tomogram.checks()).containsExactly("mrc");
            assertThat(tomogram.targetKey(Map.of("voxelSpacing", "13.480")))
                    .isEqualTo("10001/TS_026/Reconstructions/VoxelSpacing13.480/Tomograms/TS_026_bin4/TS_026.mrc");
        }

        @Test
        void theDepositionConfigAndOtherRunFilesKeepTheirPlace() {
            assertThat(accepted("10001/deposition.yaml").role()).isEqualTo("deposition-config");
            assertThat(accepted("10001/TS_026/annotations/ribosome.json").targetKey(Map.of()))
                    .isEqualTo("10001/TS_026/annotations/ribosome.json");
        }
    }

    @Test
    void outputsOfExternalPipelinesAreRecognisedByTheirProfile() {
        Classification.Accepted rds = catalog.classifyOutput(EXPERIMENT + "/r.rds").orElseThrow();
        Classification.Accepted other = catalog.classifyOutput(EXPERIMENT + "/plots/umap.png").orElseThrow();

        assertThat(rds.profile()).isEqualTo("tenx");
        assertThat(rds.datasetId()).isEqualTo(EXPERIMENT);
        assertThat(rds.role()).isEqualTo("seurat-object");
        assertThat(other.role()).isEqualTo("external");
        assertThat(catalog.profile("aind").orElseThrow().sidecarKey("a_b_2024-01-01_00-00-00"))
                .isEqualTo("a_b_2024-01-01_00-00-00/metadata.nd.json");
    }

    @Test
    void anythingInADatasetFolderIsGeneric() {
        Classification.Accepted any = accepted("my-dataset/raw/2024/file.bin");

        assertThat(any.profile()).isEqualTo("generic");
        assertThat(any.datasetId()).isEqualTo("my-dataset");
        assertThat(any.targetKey(Map.of())).isEqualTo("my-dataset/raw/2024/file.bin");
    }

    @Test
    void aFileAtTheTopOfTheBucketFitsNoProfile() {
        Classification.Rejected top = rejected("loose-file.txt");

        assertThat(top.rule()).isEqualTo("no-profile");
        assertThat(top.profile()).isNull();
    }

    Classification.Accepted accepted(String key) {
        Classification result = catalog.classify(key);
        assertThat(result).as(key).isInstanceOf(Classification.Accepted.class);
        return (Classification.Accepted) result;
    }

    Classification.Rejected rejected(String key) {
        Classification result = catalog.classify(key);
        assertThat(result).as(key).isInstanceOf(Classification.Rejected.class);
        return (Classification.Rejected) result;
    }
}
