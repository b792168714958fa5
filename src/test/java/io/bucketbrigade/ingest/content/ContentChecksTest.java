package io.bucketbrigade.ingest.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.bucketbrigade.support.Fixtures;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ContentChecksTest {

    /** Feeds the content in small chunks, as a stream would arrive, then finishes. */
    static Map<String, String> inspect(ContentCheck check, byte[] content) {
        ContentCheck.Inspection inspection = check.start("file");
        for (int at = 0; at < content.length; at += 7) {
            inspection.update(content, at, Math.min(7, content.length - at));
        }
        inspection.finish(content.length);
        return inspection.found();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Nested
    class MatrixMarket {

        final MatrixMarketCheck check = new MatrixMarketCheck();

        @Test
        void acceptsACoordinateMatrix() {
            inspect(check, utf8("%%MatrixMarket matrix coordinate integer general\n%c\n2 3 1\n1 1 5\n"));
        }

        @Test
        void refusesADenseArray() {
            assertThatThrownBy(() -> inspect(check, utf8("%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n")))
                    .isInstanceOf(ContentRejectedException.class)
                    .hasMessageContaining("dense 'array'")
                    .extracting(e -> ((ContentRejectedException) e).rule()).isEqualTo("matrix-market-array");
        }

        @Test
        void refusesALowerCaseBannerAsCellenicsDoes() {
            assertThatThrownBy(() -> inspect(check, utf8("%%matrixmarket matrix coordinate integer general\n1 1 1\n"
                    + "1 1 5\n")))
                    .isInstanceOf(ContentRejectedException.class)
                    .hasMessageContaining("starts with '%%matrixmarket'; a Matrix Market file starts with"
                            + " '%%MatrixMarket'")
                    .extracting(e -> ((ContentRejectedException) e).rule()).isEqualTo("matrix-market-banner");
        }

        @Test
        void acceptsTheWordsAfterTheBannerInAnyCaseUnlikeCellenics() {
            inspect(check, utf8("%%MatrixMarket MATRIX COORDINATE INTEGER GENERAL\n1 1 1\n1 1 5"));
        }

        @Test
        void refusesAFileWithoutTheHeaderQuotingWhatItStartsWith() {
            assertThatThrownBy(() -> inspect(check, utf8("1 1 5\n2 3 1\n")))
                    .isInstanceOf(ContentRejectedException.class)
                    .hasMessageContaining("does not start with a Matrix Market header")
                    .hasMessageContaining("its first line is '1 1 5'");
        }
    }

    @Nested
    class Barcodes {

        final BarcodesCheck check = new BarcodesCheck();

        @Test
        void acceptsOneBarcodePerLineAndTabsAfterTheFirstLine() {
            inspect(check, utf8("AAACCTGAGAAGGCCT-1\nAAACCTGAGACAGACC-1\n"));
            inspect(check, utf8("AAACCTGAGAAGGCCT-1\nodd\tline\n"));
        }

        @Test
        void refusesAFirstLineWithATabAsCellenicsDoes() {
            assertThatThrownBy(() -> inspect(check, utf8("ENSG00000243485\tMIR1302-2HG\tGene Expression\n")))
                    .isInstanceOf(ContentRejectedException.class)
                    .hasMessageContaining("has a tab in its first line")
                    .extracting(e -> ((ContentRejectedException) e).rule()).isEqualTo("barcodes-columns");
        }
    }

    @Nested
    class Json {

        final JsonCheck check = new JsonCheck();

        @Test
        void acceptsOneDocument() {
            inspect(check, utf8("{\"schema_version\": \"1.0\", \"subject_id\": \"642478\", \"list\": [1, 2, {}]}\n"));
        }

        @Test
        void refusesMalformedJsonWithTheLine() {
            assertThatThrownBy(() -> inspect(check, utf8("{\n  \"a\": 1,\n  \"b\": }\n")))
                    .isInstanceOf(ContentRejectedException.class)
                    .hasMessageStartingWith("file is not valid JSON: Unexpected character ('}'")
                    .hasMessageContaining("line 3");
        }

        @Test
        void refusesATruncatedDocument() {
            assertThatThrownBy(() -> inspect(check, utf8("{\"a\": [1, 2")))
                    .hasMessageContaining("not valid JSON");
        }

        @Test
        void refusesTwoDocuments() {
            assertThatThrownBy(() -> inspect(check, utf8("{\"a\": 1}\n{\"b\": 2}\n")))
                    .hasMessageContaining("more content follows the document");
        }
    }

    @Nested
    class Mrc {

        final MrcCheck check = new MrcCheck();

        @Test
        void findsTheVoxelSpacingOfAValidFile() {
            assertThat(inspect(check, Fixtures.mrc(4, 3, 2, 53.92f, 0))).containsEntry("voxelSpacing", "13.480");
        }

        @Test
        void refusesAFileWhoseSizeContradictsItsHeader() {
            byte[] content = Fixtures.mrc(4, 3, 2, 53.92f, -8);

            assertThatThrownBy(() -> inspect(check, content))
                    .hasMessageContaining("announces 4×3×2 voxels of mode 2")
                    .extracting(e -> ((ContentRejectedException) e).rule()).isEqualTo("mrc-size");
        }

        @Test
        void refusesAFileWithoutTheMapSignature() {
            byte[] content = Fixtures.mrc(4, 3, 2, 53.92f, 0);
            content[208] = 'X';

            assertThatThrownBy(() -> inspect(check, content)).hasMessageContaining("is not an MRC2014 file");
        }

        @Test
        void refusesAFileShorterThanAHeader() {
            assertThatThrownBy(() -> inspect(check, new byte[100]))
                    .hasMessageContaining("shorter than an MRC header");
        }
    }
}
