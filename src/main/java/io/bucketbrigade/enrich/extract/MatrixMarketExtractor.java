package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;

import io.bucketbrigade.formats.FormatException;
import io.bucketbrigade.formats.MatrixMarketHeader;
import org.springframework.stereotype.Component;

/** Matrix Market: format, field, symmetry, dimensions, declared entries and the entries actually present. */
@Component
class MatrixMarketExtractor implements Extractor {

    @Override
    public String format() {
        return "matrix-market";
    }

    @Override
    public boolean handles(String name) {
        return name.endsWith(".mtx");
    }

    @Override
    public void extract(String fileName, InputStream content, RangeReader ranges, Facts facts) throws IOException {
        LineReader lines = LineReader.of(fileName, content);
        MatrixMarketHeader header;
        try {
            header = MatrixMarketHeader.parse(fileName, String.valueOf(lines.readLine()));
        } catch (FormatException e) {
            facts.problem("content-mismatch", e.getMessage());
            return;
        }
        facts.put("matrixFormat", header.format()).put("field", header.field()).put("symmetry", header.symmetry());
        String line;
        while ((line = lines.readLine()) != null && (line.startsWith("%") || line.isBlank())) {
            // comments
        }
        String sizeLine = line;
        String[] size = line == null ? new String[0] : line.trim().split("\\s+");
        int expected = header.isCoordinate() ? 3 : 2;
        if (size.length != expected) {
            facts.problem("matrix-market-size", fileName + ": the size line '" + line + "' should hold " + expected
                    + " numbers (rows, columns" + (header.isCoordinate() ? ", entries" : "") + ").");
            return;
        }
        try {
            facts.put("rows", Long.parseLong(size[0])).put("columns", Long.parseLong(size[1]));
            if (header.isCoordinate()) {
                facts.put("entries", Long.parseLong(size[2]));
            }
        } catch (NumberFormatException e) {
            facts.problem("matrix-market-size", fileName + ": the size line '" + line + "' is not numbers.");
            return;
        }
        long found = 0;
        while ((line = lines.readLine()) != null) {
            if (!line.isBlank()) {
                found++;
            }
        }
        facts.put("entriesFound", found);
        long declared;
        try {
            declared = header.isCoordinate() ? facts.number("entries")
                    : Math.multiplyExact(facts.number("rows"), facts.number("columns"));
        } catch (ArithmeticException e) {
            facts.problem("matrix-market-size", fileName + ": its size line '" + sizeLine + "' announces more entries"
                    + " than 64 bits count.");
            return;
        }
        if (found != declared) {
            facts.problem("matrix-market-entries", fileName + " declares " + declared + " entries but holds " + found
                    + ".");
        }
    }
}
