package io.bucketbrigade.ingest.content;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import io.bucketbrigade.formats.FormatException;
import io.bucketbrigade.formats.MatrixMarketHeader;
import org.springframework.stereotype.Component;

/**
 * A 10x matrix must be a Matrix Market file in coordinate (sparse) format: its first line is
 * {@code %%MatrixMarket matrix coordinate <field> <symmetry>}. Dense {@code array} files are refused, as
 * Cellenics does; so is a banner not spelt {@code %%MatrixMarket} exactly (Cellenics' file inspector compares its
 * bytes), while the words after it may be in any case, as the Matrix Market format allows.
 */
@Component
class MatrixMarketCheck implements ContentCheck {

    private static final int MAX_HEADER = 1024;

    @Override
    public String name() {
        return "matrix-market";
    }

    @Override
    public Inspection start(String fileName) {
        return new Inspection() {
            private final ByteArrayOutputStream header = new ByteArrayOutputStream();
            private boolean done;

            @Override
            public void update(byte[] bytes, int offset, int length) {
                for (int i = offset; i < offset + length && !done; i++) {
                    if (bytes[i] == '\n' || header.size() >= MAX_HEADER) {
                        check(fileName, header.toString(StandardCharsets.US_ASCII));
                        done = true;
                    } else {
                        header.write(bytes[i]);
                    }
                }
            }

            @Override
            public void finish(long contentBytes) {
                if (!done) {
                    check(fileName, header.toString(StandardCharsets.US_ASCII));
                }
            }
        };
    }

    static final String BANNER = "%%MatrixMarket";

    static void check(String fileName, String firstLine) {
        String line = firstLine.strip();
        if (!line.startsWith(BANNER) && line.regionMatches(true, 0, BANNER, 0, BANNER.length())) {
            throw new ContentRejectedException("matrix-market-banner", fileName + " starts with '"
                    + line.substring(0, BANNER.length()) + "'; a Matrix Market file starts with '" + BANNER
                    + "', spelt exactly so (Cellenics refuses any other spelling).");
        }
        try {
            if (!MatrixMarketHeader.parse(fileName, firstLine).isCoordinate()) {
                throw new ContentRejectedException("matrix-market-array", fileName + " is a dense 'array' Matrix"
                        + " Market matrix; 10x matrices must be sparse, in 'coordinate' format.");
            }
        } catch (FormatException e) {
            throw new ContentRejectedException(e.rule(), e.getMessage());
        }
    }
}
