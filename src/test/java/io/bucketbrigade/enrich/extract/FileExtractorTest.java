package io.bucketbrigade.enrich.extract;

import static io.bucketbrigade.support.Fixtures.gzip;
import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.bucketbrigade.support.Fixtures;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Facts of each format, read as a stream, with problems named. */
class FileExtractorTest {

    final FileExtractor extractor = new FileExtractor(null, List.of(new MatrixMarketExtractor(), new TsvExtractor(),
            new CsvExtractor(), new JsonExtractor(), new TiffExtractor(), new MrcExtractor(), new NpyExtractor()));

    Facts facts(String name, byte[] content) throws Exception {
        return extractor.extract(name, new ByteArrayInputStream(content), ranges(content));
    }

    /** Ranges of {@code content} as S3 serves them: a range that starts past the end is refused (416). */
    static Extractor.RangeReader ranges(byte[] content) {
        return Extractor.RangeReader.of(content.length, (offset, length) -> {
            if (offset >= content.length) {
                throw new java.io.IOException("416 Range Not Satisfiable: bytes=" + offset + "-");
            }
            return Arrays.copyOfRange(content, (int) offset, (int) Math.min(content.length, offset + length));
        });
    }

    @Test
    void onlyAFileOfAFormatNoExtractorReadsHasAllItsFactsInItsHead() {
        assertThat(extractor.factsInTheHead("dataset/run/image.bin")).isTrue();
        assertThat(extractor.factsInTheHead("dataset/notes.txt.gz")).isTrue();
        assertThat(extractor.factsInTheHead("dataset/cells.csv")).isFalse();
        assertThat(extractor.factsInTheHead("dataset/s1/matrix.mtx.gz")).isFalse();
        assertThat(extractor.factsInTheHead("dataset/Tomograms/t.MRC")).isFalse();
    }

    @Test
    void everyFileHasItsSizeChecksumAndMimeType() throws Exception {
        byte[] content = utf8("a\tb\n");

        Facts facts = facts("x.tsv", content);

        assertThat(facts.values()).containsEntry("size", 4L).containsEntry("sha256", Fixtures.sha256(content))
                .containsEntry("format", "tsv").containsKey("mime");
    }

    @Nested
    class MatrixMarket {

        @Test
        void dimensionsAndEntriesOfACoordinateMatrixGzipped() throws Exception {
            Facts facts = facts("matrix.mtx.gz", gzip("%%MatrixMarket matrix coordinate integer general\n%c\n"
                    + "33538 4 3\n1 1 5\n2 3 1\n7 4 2\n"));

            assertThat(facts.values()).containsEntry("matrixFormat", "coordinate").containsEntry("field", "integer")
                    .containsEntry("rows", 33538L).containsEntry("columns", 4L).containsEntry("entries", 3L)
                    .containsEntry("entriesFound", 3L);
            assertThat(facts.problems()).isEmpty();
        }

        @Test
        void fewerEntriesThanDeclared() throws Exception {
            Facts facts = facts("matrix.mtx", utf8("%%MatrixMarket matrix coordinate real general\n3 3 5\n1 1 1\n"));

            assertThat(facts.problems()).singleElement().satisfies(p -> {
                assertThat(p.rule()).isEqualTo("matrix-market-entries");
                assertThat(p.message()).isEqualTo("matrix.mtx declares 5 entries but holds 1.");
            });
        }
    }

    @Nested
    class Tsv {

        @Test
        void linesColumnsAndDuplicateIds() throws Exception {
            Facts facts = facts("barcodes.tsv.gz", gzip("AAAC-1\nAAAG-1\nAAAC-1\n"));

            assertThat(facts.values()).containsEntry("lines", 3L).containsEntry("columns", 1)
                    .containsEntry("duplicateIds", 1L).containsEntry("duplicateExamples", List.of("AAAC-1"));
            assertThat(facts.problems()).extracting(Facts.Problem::rule).containsExactly("duplicate-ids");
        }
    }

    @Nested
    class Csv {

        @Test
        void aLoadDataCsvWithChannelsPlatesAndWells() throws Exception {
            Facts facts = facts("load_data.csv", utf8("Metadata_Plate,Metadata_Well,URL_OrigDNA,URL_OrigER\n"
                    + "BR1,A01,s3://x/a.tiff,s3://x/b.tiff\nBR1,A02,\"s3://x/c,1.tiff\",s3://x/d.tiff\n"));

            assertThat(facts.values()).containsEntry("rows", 2L).containsEntry("wells", 2)
                    .containsEntry("plates", List.of("BR1")).containsEntry("channels", List.of("OrigDNA", "OrigER"));
            assertThat(facts.problems()).isEmpty();
        }

        @Test
        void aLoadDataCsvWithoutItsRequiredColumns() throws Exception {
            Facts facts = facts("load_data.csv", utf8("Metadata_Plate,Image\nBR1,a.tiff\n"));

            assertThat(facts.problems()).extracting(Facts.Problem::message).containsExactly(
                    "load_data.csv has no URL_<Channel> column (header: [Metadata_Plate, Image]).",
                    "load_data.csv has no Metadata_Well column (header: [Metadata_Plate, Image]).");
        }

        @Test
        void aBarcodePlatemapGivesEachPlateItsPlatemap() throws Exception {
            Facts facts = facts("barcode_platemap.csv", utf8("Assay_Plate_Barcode,Plate_Map_Name\n"
                    + "BR00117035,OAA01.02.03.04.A\nBR00117036,OAA01.02.03.04.A\n"));

            assertThat(facts.values()).containsEntry("platemaps", List.of(
                    Map.of("plate", "BR00117035", "platemap", "OAA01.02.03.04.A"),
                    Map.of("plate", "BR00117036", "platemap", "OAA01.02.03.04.A")));
            assertThat(facts.problems()).isEmpty();
            assertThat(facts("barcode_platemap.csv", utf8("Plate,Map\nBR1,m\n")).problems())
                    .extracting(Facts.Problem::rule).containsExactly("barcode-platemap-columns");
        }
    }

    @Nested
    class Json {

        @Test
        void aindCoreFileFactsAndTheDocument() throws Exception {
            Facts facts = facts("data_description.json", utf8("{\"schema_version\":\"1.0.0\",\"data_level\":\"raw\"}"));

            assertThat(facts.values()).containsEntry("schema_version", "1.0.0").containsEntry("data_level", "raw")
                    .containsEntry("document", Map.of("schema_version", "1.0.0", "data_level", "raw"));
        }

        @Test
        void cellSetsAreCounted() throws Exception {
            Facts facts = facts("cell-sets.json", utf8("{\"cellSets\":[{\"key\":\"louvain\"},{\"key\":\"sample\"}]}"));

            assertThat(facts.values()).containsEntry("cellSets", 2);
        }

        @Test
        void aLargeDocumentIsScannedNotKept() throws Exception {
            String big = "{\"schema_version\":\"2\",\"pad\":\"" + "x".repeat(JsonExtractor.KEEP_AT_MOST)
                    + "\",\"cellSets\":[1,2,3]}";

            Facts facts = facts("big.json", utf8(big));

            assertThat(facts.values()).containsEntry("schema_version", "2").containsEntry("cellSets", 3)
                    .doesNotContainKey("document");
        }

        @Test
        void malformedJson() throws Exception {
            assertThat(facts("x.json", utf8("{\"a\": }")).problems()).extracting(Facts.Problem::rule)
                    .containsExactly("invalid-json");
        }
    }

    @Nested
    class Images {

        @Test
        void tiffDimensionsBitsAndPagesFromDirectoriesAtTheEnd() throws Exception {
            Facts facts = facts("r01c01f01p01-ch1.tiff", Fixtures.tiff(16, 8, 3));

            assertThat(facts.values()).containsEntry("width", 16L).containsEntry("height", 8L)
                    .containsEntry("bitsPerSample", 8L).containsEntry("samplesPerPixel", 1L).containsEntry("pages", 3);
            assertThat(facts.problems()).isEmpty();
        }

        @Test
        void aTiffThatIsNotTiffIsAProblemNamingWhatItIs() throws Exception {
            byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};

            Facts facts = facts("image.tiff", png);

            assertThat(facts.get("mime")).isEqualTo("image/png");
            assertThat(facts.problems()).singleElement().satisfies(p -> {
                assertThat(p.rule()).isEqualTo("content-mismatch");
                assertThat(p.message()).isEqualTo("image.tiff is named as TIFF but is not TIFF (it does not start"
                        + " with 'II' or 'MM'; its content is image/png).");
            });
        }

        @Test
        void mrcDimensionsModeAndVoxelSize() throws Exception {
            Facts facts = facts("tomo.mrc", Fixtures.mrc(8, 6, 4, 107.84f, 0));

            assertThat(facts.values()).containsEntry("dimensions", Map.of("x", 8, "y", 6, "z", 4))
                    .containsEntry("mode", 2).containsEntry("voxelSpacing", "13.480");
        }

        @Test
        void npyDtypeAndShape() throws Exception {
            Facts facts = facts("BR1_IllumDNA.npy", Fixtures.npy(3, 4));

            assertThat(facts.values()).containsEntry("dtype", "<f4").containsEntry("shape", List.of(3L, 4L))
                    .containsEntry("fortranOrder", false);
            assertThat(facts.problems()).isEmpty();
        }
    }

    @Test
    void aFileOfNoKnownFormatGetsItsMimeTypeAndNoProblem() throws Exception {
        Facts facts = facts("notes.pdf", utf8("%PDF-1.4\n%âãÏÓ\n"));

        assertThat(facts.values()).containsEntry("format", "other").containsEntry("mime", "application/pdf");
        assertThat(facts.problems()).isEmpty();
    }

    @Test
    void aTextFormatHoldingBinaryData() throws Exception {
        assertThat(facts("genes.tsv", new byte[] {0, 1, 2, 3}).problems()).extracting(Facts.Problem::rule)
                .containsExactly("content-mismatch");
    }
}
