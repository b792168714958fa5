package io.bucketbrigade.formats;

import static io.bucketbrigade.support.Fixtures.gzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.Test;

class GzipTest {

    @Test
    void aFileIsGzipByItsFirstTwoBytesWhateverFollows() {
        assertThat(Gzip.magic(gzip("a"))).isTrue();
        assertThat(Gzip.magic(new byte[] {0x1f, (byte) 0x8b, (byte) 0xff})).isTrue();
        assertThat(Gzip.magic(new byte[] {0x1f})).isFalse();
        assertThat(Gzip.magic(new byte[] {0x1f, 0x00})).isFalse();
        assertThat(Gzip.magic(0x1f, -1)).as("a one-byte file").isFalse();
    }

    @Test
    void aStreamCutShortIsToldFromBytesThatAreNoGzip() {
        byte[] whole = gzip("a,b\n1,2\n".repeat(500));
        String cut = Gzip.problem("cut.csv.gz", readFails(Arrays.copyOf(whole, whole.length - 20)));
        assertThat(cut).isEqualTo("cut.csv.gz is not a complete gzip stream: it ends before its compressed data do"
                + " (the upload may have been cut short).");

        String other = Gzip.problem("file-1.bin", readFails(new byte[] {0x1f, (byte) 0x8b, (byte) 0xff, 1, 2, 3,
                4, 5, 6, 7, 8, 9}));
        assertThat(other).startsWith("file-1.bin is not a complete gzip stream: Unsupported compression method.")
                .contains("another format that starts with the same two bytes").doesNotContain("cut short");

        byte[] damaged = whole.clone();
        Arrays.fill(damaged, 10, damaged.length - 8, (byte) 0xff); // the deflate data, between header and trailer
        assertThat(Gzip.problem("damaged.csv.gz", readFails(damaged))).contains("its bytes are damaged")
                .doesNotContain("cut short");
    }

    private static IOException readFails(byte[] bytes) {
        return catchThrowableOfType(IOException.class, () -> {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        });
    }
}
