package io.bucketbrigade.enrich.extract;

import static io.bucketbrigade.support.Fixtures.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

import io.bucketbrigade.support.Fixtures;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Bytes no reader may throw on: each malformed file is a specific problem (rule and message) with its size and
 * checksum, and only a failure to read the object itself (an outage) is thrown, to be retried.
 */
class BadBytesTest {

    final FileExtractor extractor = new FileExtractor(null, List.of(new MatrixMarketExtractor(), new TsvExtractor(),
            new CsvExtractor(), new JsonExtractor(), new YamlExtractor(), new TiffExtractor(), new MrcExtractor(),
            new NpyExtractor()));

    Facts facts(String name, byte[] content) throws IOException {
        return extractor.extract(name, new ByteArrayInputStream(content), FileExtractorTest.ranges(content));
    }

    static Facts.Problem only(Facts facts) {
        assertThat(facts.values()).containsKeys("size", "sha256");
        assertThat(facts.problems()).hasSize(1);
        return facts.problems().get(0);
    }

    /** The files of issue 21, each of which stalled its dataset. */
    @Nested
    class FoundByHand {

        @Test
        void jsonNestedAHundredThousandLevelsIsBeyondTheNestingLimit() throws IOException {
            Facts.Problem problem = only(facts("deep.json", Fixtures.deepJson(100_000)));

            assertThat(problem.rule()).isEqualTo("json-limit");
            assertThat(problem.message()).isEqualTo("deep.json is beyond what this server reads as JSON: Document"
                    + " nesting depth (1001) exceeds the maximum allowed (1000).");
        }

        @Test
        void largeJsonNestedTooDeepIsScannedToTheSameLimit() throws IOException {
            byte[] deep = utf8("{\"pad\":\"" + "x".repeat(JsonExtractor.KEEP_AT_MOST) + "\",\"a\":"
                    + "[".repeat(5000) + "]".repeat(5000) + "}");

            assertThat(only(facts("big.json", deep)).rule()).isEqualTo("json-limit");
        }

        @Test
        void aTiffWhoseFirstDirectoryIsPastTheEndIsNotReadThere() throws IOException {
            Facts.Problem problem = only(facts("past.tiff", Fixtures.tiffHeader(1_000_000)));

            assertThat(problem.rule()).isEqualTo("tiff-directory");
            assertThat(problem.message()).isEqualTo("past.tiff: its image file directory 1 is at offset 1000000,"
                    + " outside the file (16 bytes).");
        }

        @Test
        void aTiffDirectoryPointingToItselfAndClaimingTooManyEntries() throws IOException {
            Facts.Problem problem = only(facts("loop.tiff", Fixtures.tiffLoop(65_535)));

            assertThat(problem.rule()).isEqualTo("tiff-directory");
            assertThat(problem.message()).isEqualTo("loop.tiff: its image file directory 1 claims 65535 entries; at"
                    + " most 4096 are read.");
        }

        @Test
        void aTiffDirectoryPointingToItselfIsALoop() throws IOException {
            Facts facts = facts("loop.tiff", Fixtures.tiffLoop(1));

            assertThat(facts.values()).containsEntry("width", 16L).containsEntry("pages", 1);
            assertThat(only(facts).message()).isEqualTo("loop.tiff: its image file directories loop: image file"
                    + " directory 2 is at offset 8, where an earlier one is.");
        }

        @Test
        void aTiffDirectoryRunningPastTheEnd() throws IOException {
            assertThat(only(facts("cut.tiff", Fixtures.tiffLoop(3))).message()).isEqualTo("cut.tiff: its image"
                    + " file directory 1 at offset 8 holds 3 entries (42 bytes), past the end of the file (26"
                    + " bytes).");
        }

        @Test
        void aNumPyShapeWhoseByteCountOverflows() throws IOException {
            Facts.Problem problem = only(facts("huge.npy", Fixtures.npy("(99999999999, 99999999999)", 16)));

            assertThat(problem.rule()).isEqualTo("npy-size");
            assertThat(problem.message()).isEqualTo("huge.npy: its header announces [99999999999, 99999999999] items"
                    + " of <f4, more than 9223372036854775807 bytes, which no file holds; 16 bytes follow the"
                    + " 128-byte header.");
        }
    }

    @Nested
    class Limits {

        @Test
        void aNumPyHeaderLongerThanNumPyReads() throws IOException {
            byte[] npy = Fixtures.npy(2, 2);
            npy[6] = 2; // version 2: a four-byte header length
            npy[8] = (byte) 0xff;
            npy[9] = (byte) 0xff;

            assertThat(only(facts("long.npy", npy)).message()).startsWith("long.npy: its NumPy header is");
        }

        @Test
        void aNumPyShapeThatIsNotIntegers() throws IOException {
            assertThat(only(facts("x.npy", Fixtures.npy("(3, -4)", 0))).message()).isEqualTo("x.npy: its NumPy"
                    + " header's shape (3, -4) is not a tuple of non-negative 64-bit integers.");
        }

        @Test
        void anMrcHeaderWhoseByteCountOverflows() throws IOException {
            byte[] mrc = Fixtures.mrc(8, 6, 4, 107.84f, 0);
            java.nio.ByteBuffer.wrap(mrc).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(0, Integer.MAX_VALUE)
                    .putInt(4, Integer.MAX_VALUE).putInt(8, Integer.MAX_VALUE);

            Facts.Problem problem = only(facts("huge.mrc", mrc));

            assertThat(problem.rule()).isEqualTo("mrc-size");
            assertThat(problem.message()).contains("more than 9223372036854775807 bytes, which no file holds");
        }

        @Test
        void aDenseMatrixMarketSizeThatOverflows() throws IOException {
            Facts.Problem problem = only(facts("m.mtx", utf8("%%MatrixMarket matrix array real general\n"
                    + "9223372036854775807 2\n1\n")));

            assertThat(problem.rule()).isEqualTo("matrix-market-size");
            assertThat(problem.message()).isEqualTo("m.mtx: its size line '9223372036854775807 2' announces more"
                    + " entries than 64 bits count.");
        }

        @Test
        void aTextFileWithoutLineBreaksStopsAtTheLineLimit() throws IOException {
            Facts.Problem problem = only(facts("genes.tsv", utf8("x".repeat(LineReader.MAX_LINE + 1))));

            assertThat(problem.rule()).isEqualTo("line-too-long");
            assertThat(problem.message()).isEqualTo("genes.tsv: line 1 is longer than 1048576 characters; the file is"
                    + " not read further.");
        }

        @Test
        void linesEndInLfCrLfOrCr() throws IOException {
            Facts facts = facts("genes.tsv", utf8("a\tb\r\nc\td\re\tf\n\ng\th"));

            assertThat(facts.values()).containsEntry("lines", 4L).containsEntry("columns", 2);
            assertThat(facts.problems()).isEmpty();
        }

        @Test
        void aCsvQuoteNeverClosedStopsAtTheRecordLimit() throws IOException {
            Facts.Problem problem = only(facts("t.csv", utf8("a,b\n\"x" + "yz,\n".repeat(CsvExtractor.MAX_RECORD)
                    )));

            assertThat(problem.rule()).isEqualTo("csv-record-too-long");
        }

        @Test
        void yamlNestedBeyondTheNestingLimit() throws IOException {
            Facts.Problem problem = only(facts("deep.yaml", utf8("[".repeat(100_000) + "]".repeat(100_000))));

            assertThat(problem.rule()).isEqualTo("yaml-limit");
            assertThat(problem.message()).isEqualTo("deep.yaml is beyond what this server reads as YAML: Document"
                    + " nesting depth (1001) exceeds the maximum allowed (1000).");
        }

        @Test
        void aDocumentNestedDeeperThanTheCatalogueStoresIsNotKept() throws IOException {
            Facts facts = facts("deep.json", Fixtures.deepJson(JsonExtractor.KEEP_DEPTH + 1));

            assertThat(facts.problems()).isEmpty();
            assertThat(facts.values()).doesNotContainKey("document");
            assertThat(facts("ok.json", Fixtures.deepJson(JsonExtractor.KEEP_DEPTH)).values()).containsKey("document");
        }

        @Test
        void aProblemMessageQuotingContentIsCut() {
            Facts facts = new Facts().problem("r", "x".repeat(5000));

            assertThat(facts.problems().get(0).message()).hasSize(Facts.MAX_MESSAGE + 19)
                    .endsWith("… (5000 characters)");
        }
    }

    /** Where a failure belongs: the file (a problem, its dataset gets a verdict) or the hop (retried). */
    @Nested
    class WhereAFailureBelongs {

        static final class Throwing implements Extractor {
            final RuntimeException thrown;

            Throwing(RuntimeException thrown) {
                this.thrown = thrown;
            }

            @Override
            public String format() {
                return "odd";
            }

            @Override
            public boolean handles(String name) {
                return name.endsWith(".odd");
            }

            @Override
            public void extract(String fileName, InputStream content, RangeReader ranges, Facts facts) {
                throw thrown;
            }
        }

        @Test
        void aReaderThatThrowsMakesTheFileUnreadableWithItsSizeAndChecksum() throws IOException {
            FileExtractor failing = new FileExtractor(null, List.of(new Throwing(new IndexOutOfBoundsException(
                    "Index 12 out of bounds for length 4"))));
            byte[] content = utf8("some bytes");

            Facts facts = failing.extract("x.odd", new ByteArrayInputStream(content),
                    FileExtractorTest.ranges(content));

            assertThat(facts.values()).containsEntry("size", 10L).containsEntry("sha256", Fixtures.sha256(content));
            assertThat(only(facts)).isEqualTo(new Facts.Problem("unreadable", "x.odd could not be read as odd:"
                    + " java.lang.IndexOutOfBoundsException: Index 12 out of bounds for length 4"));
        }

        @Test
        void aFailingObjectStreamIsThrownEvenWhenTheReaderTakesItForBadContent() {
            byte[] content = utf8("a,b\n1,2\n".repeat(20_000));
            InputStream cut = new FilterInputStream(new ByteArrayInputStream(content)) {
                long read;

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (read > 100_000) {
                        throw new IOException("Connection reset");
                    }
                    int n = super.read(b, off, Math.min(len, 8192));
                    read += Math.max(n, 0);
                    return n;
                }
            };

            // the CSV parser turns the IOException into an UncheckedIOException, which it reports as invalid CSV
            assertThatThrownBy(() -> extractor.extract("t.csv", cut, FileExtractorTest.ranges(content)))
                    .isInstanceOf(IOException.class).hasMessage("Connection reset");
        }

        @Test
        void aFailingRangeReadIsThrown() {
            byte[] tiff = Fixtures.tiff(4, 4, 2);
            Extractor.RangeReader down = Extractor.RangeReader.of(tiff.length, (offset, length) -> {
                throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
            });

            assertThatThrownBy(() -> extractor.extract("i.tiff", new ByteArrayInputStream(tiff), down))
                    .isInstanceOf(SdkClientException.class);
        }

        @Test
        void aRangeOutsideTheFileIsTheReadersErrorNotAnOutage() throws IOException {
            FileExtractor outOfBounds = new FileExtractor(null, List.of(new Extractor() {
                @Override
                public String format() {
                    return "odd";
                }

                @Override
                public boolean handles(String name) {
                    return name.endsWith(".odd");
                }

                @Override
                public void extract(String fileName, InputStream content, RangeReader ranges, Facts facts)
                        throws IOException {
                    ranges.read(ranges.size() - 1, 2);
                }
            }));
            byte[] content = utf8("0123");

            Facts facts = outOfBounds.extract("x.odd", new ByteArrayInputStream(content), Extractor.RangeReader.of(
                    content.length, (offset, length) -> {
                        throw new UncheckedIOException(new IOException("must not be asked"));
                    }));

            assertThat(only(facts).message()).isEqualTo("x.odd could not be read as odd:"
                    + " java.lang.IllegalArgumentException: range of 2 bytes at offset 3 is outside the file's 4"
                    + " bytes");
        }
    }
}
