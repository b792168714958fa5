package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Tab-separated values (10x barcodes and features): lines, columns (fewest and most per line), and ids (the first
 * column) that appear more than once among the first {@value #MAX_IDS}, the first few named. Lines are at most
 * {@value LineReader#MAX_LINE} characters.
 */
@Component
class TsvExtractor implements Extractor {

    private static final int NAMED_DUPLICATES = 5;
    /** Ids kept to find duplicates (a hash each, about 64 bytes): lines past the millionth are not compared. */
    static final int MAX_IDS = 1_000_000;

    @Override
    public String format() {
        return "tsv";
    }

    @Override
    public boolean handles(String name) {
        return name.endsWith(".tsv");
    }

    @Override
    public void extract(String fileName, InputStream content, RangeReader ranges, Facts facts) throws IOException {
        LineReader lines = LineReader.of(fileName, content);
        long count = 0;
        int minColumns = Integer.MAX_VALUE;
        int maxColumns = 0;
        Set<Long> ids = new HashSet<>();
        long duplicates = 0;
        List<String> named = new ArrayList<>();
        for (String line; (line = lines.readLine()) != null; ) {
            if (line.isEmpty()) {
                continue;
            }
            count++;
            String[] fields = line.split("\t", -1);
            minColumns = Math.min(minColumns, fields.length);
            maxColumns = Math.max(maxColumns, fields.length);
            if (ids.size() < MAX_IDS && !ids.add(LineReader.hash(fields[0]))) {
                duplicates++;
                if (named.size() < NAMED_DUPLICATES) {
                    named.add(fields[0]);
                }
            }
        }
        facts.put("lines", count).put("columns", count == 0 ? 0 : maxColumns)
                .put("minColumns", count == 0 ? 0 : minColumns).put("duplicateIds", duplicates);
        if (duplicates > 0) {
            facts.put("duplicateExamples", named);
            facts.problem("duplicate-ids", fileName + " has " + duplicates + " duplicate id(s) in its first column,"
                    + " e.g. " + named + ".");
        }
        if (count > 0 && minColumns != maxColumns) {
            facts.problem("ragged-columns", fileName + " has lines of " + minColumns + " to " + maxColumns
                    + " columns.");
        }
    }
}
