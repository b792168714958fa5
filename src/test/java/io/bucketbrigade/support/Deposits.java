package io.bucketbrigade.support;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.mrc;
import static io.bucketbrigade.support.Fixtures.npy;
import static io.bucketbrigade.support.Fixtures.random;
import static io.bucketbrigade.support.Fixtures.tiff;
import static io.bucketbrigade.support.Fixtures.utf8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;



/**
 * Deposits as depositors make them, written to a folder for `aws s3 sync`: a 10x experiment (one gzipped sample,
 * one plain sample with genes.tsv), an AIND asset, a Cell Painting plate subtree and a CryoET run. Knows, for each
 * file, the key it must reach in source.
 */
public final class Deposits {

    public final String experiment;
    /** Original key to the file's bytes. */
    public final Map<String, byte[]> files = new LinkedHashMap<>();
    /** Original key to the key expected in source. */
    public final Map<String, String> expectedSourceKeys = new LinkedHashMap<>();

    public static final String AIND = "ecephys_642478_2023-01-17_13-56-29";
    public static final String CELL_PAINTING = "cpg0099-test/source_1";
    public static final String CRYOET = "10042";
    public static final String GEO_SAMPLE = "GSM5000001 WT";
    public static final String PLATE_FOLDER = "BR00117035__2021-05-02T16_02_51-Measurement1";

    public Deposits(String experiment) {
        this.experiment = experiment;
        String mtx = "%%MatrixMarket matrix coordinate integer general\n%metadata_json: {}\n3 2 3\n1 1 5\n2 2 1\n3 1 7\n";
        String gz = experiment + "/gz-sample/";
        add(gz + "barcodes.tsv.gz", gzip("AAACCTGAGAAGGCCT-1\nAAACCTGAGACAGACC-1\n"), gz + "barcodes.tsv.gz");
        add(gz + "features.tsv.gz", gzip("ENSG1\tGENE1\tGene Expression\nENSG2\tGENE2\tGene Expression\n"
                + "ENSG3\tGENE3\tGene Expression\n"), gz + "features.tsv.gz");
        add(gz + "matrix.mtx.gz", gzip(mtx), gz + "matrix.mtx.gz");
        String plain = experiment + "/plain-sample/";
        add(plain + "barcodes.tsv", utf8("AAACCTGAGAAGGCCT-1\nAAACCTGAGACAGACC-1\n"), plain + "barcodes.tsv.gz");
        add(plain + "genes.tsv", utf8("ENSG1\tGENE1\nENSG2\tGENE2\nENSG3\tGENE3\n"), plain + "features.tsv.gz");
        add(plain + "matrix.mtx", utf8(mtx), plain + "matrix.mtx.gz");
        // as GEO publishes them: prefixed names, in a folder whose name holds a space (Cellenics names the sample
        // after it); the barcodes are plain text named .gz, and two features share an id (Cellenics makes it unique)
        String geo = experiment + "/" + GEO_SAMPLE + "/";
        add(geo + "GSM5000001_barcodes.tsv.gz", utf8("AAACCTGAGAAGGCCT-1\nAAACCTGAGACAGACC-1\n"),
                geo + "barcodes.tsv.gz");
        add(geo + "GSM5000001_features.tsv.gz", gzip("ENSG1\tGENE1\tGene Expression\nENSG1\tGENE1\tGene Expression\n"
                + "ENSG3\tGENE3\tGene Expression\n"), geo + "features.tsv.gz");
        add(geo + "GSM5000001_matrix.mtx.gz", gzip(mtx), geo + "matrix.mtx.gz");

        same(AIND + "/data_description.json", utf8("{\"schema_version\": \"1.0.0\", \"data_level\": \"raw\","
                + " \"name\": \"" + AIND + "\", \"subject_id\": \"642478\"}"));
        same(AIND + "/subject.json", utf8("{\"schema_version\": \"1.0.0\", \"subject_id\": \"642478\","
                + " \"sex\": \"Female\"}"));
        same(AIND + "/original_metadata/subject.20230117.json", utf8("{\"subject_id\": \"642478\"}"));
        same(AIND + "/ecephys/probe_a.dat", random(200_000, 1));

        String batch = CELL_PAINTING + "/images/2021_04_26_Batch1/";
        // the documented cpg0016 layout: images under the full plate folder, the rest under the plate name
        same(batch + "images/" + PLATE_FOLDER + "/Images/r01c01f01p01-ch1sk1fk1fl1.tiff", tiff(16, 8, 2));
        same(batch + "illum/BR00117035/BR00117035_IllumDNA.npy", npy(4, 4));
        same(CELL_PAINTING + "/workspace/load_data_csv/2021_04_26_Batch1/BR00117035/load_data.csv",
                utf8("Metadata_Plate,Metadata_Well,URL_OrigDNA\nBR00117035,A01,s3://x/r01c01f01p01-ch1.tiff\n"));
        same(CELL_PAINTING + "/workspace/metadata/platemaps/2021_04_26_Batch1/barcode_platemap.csv",
                utf8("Assay_Plate_Barcode,Plate_Map_Name\nBR00117035,JUMP-MOA_compound_platemap\n"));
        same(CELL_PAINTING + "/workspace/metadata/platemaps/2021_04_26_Batch1/platemap/JUMP-MOA_compound_platemap.txt",
                utf8("plate_map_name\twell_position\nJUMP-MOA_compound_platemap\tA01\n"));

        same(CRYOET + "/deposition.yaml", utf8("""
                deposition:
                  deposition_id: 10301
                  deposition_title: Test deposition
                  authors:
                    - name: A. Author
                runs:
                  TS_01:
                    tilt_series_quality: 4
                    tomograms:
                      TS_01_bin4:
                        reconstruction_method: WBP
                        size: {x: 8, y: 6, z: 4}
                """));
        add(CRYOET + "/TS_01/tomograms/TS_01_bin4.mrc", mrc(8, 6, 4, 107.84f, 0),
                CRYOET + "/TS_01/Reconstructions/VoxelSpacing13.480/Tomograms/TS_01_bin4/TS_01.mrc");
        same(CRYOET + "/TS_01/TS_01.rawtlt", utf8("-60.0\n-57.0\n"));
    }

    private void add(String key, byte[] bytes, String sourceKey) {
        files.put(key, bytes);
        expectedSourceKeys.put(key, sourceKey);
    }

    private void same(String key, byte[] bytes) {
        add(key, bytes, key);
    }

    /**
     * A valid Cell Painting contribution of one plate, keyed by its original keys: an image, an illumination
     * function, load data and platemaps.
     *
     * @param dataset {@code <project>/<source>}
     */
    public static Map<String, byte[]> cellPaintingPlate(String dataset) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(dataset + "/images/2024_01_01_b/images/P1/r01c01f01p01-ch1.tiff", tiff(8, 8, 1));
        files.put(dataset + "/images/2024_01_01_b/illum/P1/P1_IllumDNA.npy", npy(2, 2));
        files.put(dataset + "/workspace/load_data_csv/2024_01_01_b/P1/load_data.csv",
                utf8("Metadata_Plate,Metadata_Well,URL_OrigDNA\nP1,A01,r01c01f01p01-ch1.tiff\n"));
        files.put(dataset + "/workspace/metadata/platemaps/2024_01_01_b/barcode_platemap.csv",
                utf8("Assay_Plate_Barcode,Plate_Map_Name\nP1,map\n"));
        files.put(dataset + "/workspace/metadata/platemaps/2024_01_01_b/platemap/map.txt",
                utf8("plate_map_name\twell_position\nmap\tA01\n"));
        return files;
    }

    /** The dataset a deposited key belongs to. */
    public static String datasetOf(String key) {
        return key.startsWith(CELL_PAINTING) ? CELL_PAINTING : key.substring(0, key.indexOf('/'));
    }

    /** Whether ingest stores the file as it came (no standardizing): all but plain 10x files, which it gzips. */
    public boolean storedAsIs(String key) {
        byte[] bytes = files.get(key);
        boolean gzipped = bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
        return !(key.startsWith(experiment + "/") && !gzipped);
    }

    /** A 3-gene matrix of two cells: valid with two barcodes, Invalid with three. */
    public static final String TWO_CELL_MTX =
            "%%MatrixMarket matrix coordinate integer general\n3 2 3\n1 1 5\n2 2 1\n3 1 7\n";

    /**
     * Writes a one-sample 10x experiment ({@code s1/}: these barcodes, gzipped or not as given, genes.tsv and
     * {@link #TWO_CELL_MTX}) into {@code folder}, and syncs the folder to the bucket with the AWS CLI.
     */
    public static void syncTenx(Path folder, String bucket, String experiment, byte[] barcodes) {
        try {
            Path sample = Files.createDirectories(folder.resolve(experiment).resolve("s1"));
            Files.write(sample.resolve("barcodes.tsv.gz"), barcodes);
            Files.write(sample.resolve("genes.tsv"), utf8("G1\tg1\nG2\tg2\nG3\tg3\n"));
            Files.write(sample.resolve("matrix.mtx"), utf8(TWO_CELL_MTX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        new AwsCli(SharedLocalStack.get().ports()).s3("sync", "--no-progress", folder.toString(),
                "s3://" + bucket + "/");
    }

    public void writeTo(Path folder) {
        files.forEach((key, bytes) -> {
            try {
                Path file = folder.resolve(key);
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
