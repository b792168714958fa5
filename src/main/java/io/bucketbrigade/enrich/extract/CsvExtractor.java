package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.FilterReader;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.bucketbrigade.formats.FormatException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Component;

/**
 * CSV: header and row count. A Cell Painting {@code load_data.csv} must have a {@code Metadata_Well} column and at
 * least one {@code URL_<Channel>} column; its channels, plates and wells are counted (up to {@value #MAX_VALUES}
 * distinct each). A {@code barcode_platemap.csv} must have {@code Assay_Plate_Barcode} and {@code Plate_Map_Name}
 * columns; its rows (up to {@value #MAX_VALUES}) become {@code platemaps}, each {@code {plate, platemap}}, which the
 * Cell Painting check matches with the plates. A record may span at most {@value #MAX_RECORD} characters.
 */
@Component
class CsvExtractor implements Extractor {

    /** Characters a record (or the header) may span, with the parser's read-ahead. */
    static final int MAX_RECORD = 4 * 1024 * 1024;
    /** Distinct wells and plates kept (a plate list goes into the catalogue). */
    static final int MAX_VALUES = 100_000;

    @Override
    public String format() {
        return "csv";
    }

    @Override
    public boolean handles(String name) {
        return name.endsWith(".csv");
    }

    @Override
    public void extract(String fileName, InputStream content, RangeReader ranges, Facts facts) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
        RecordLimit reader = new RecordLimit(fileName, new InputStreamReader(content, StandardCharsets.UTF_8));
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            List<String> header = parser.getHeaderNames();
            boolean loadData = fileName.startsWith("load_data");
            boolean barcodePlatemap = fileName.startsWith("barcode_platemap");
            int barcode = header.indexOf("Assay_Plate_Barcode");
            int platemap = header.indexOf("Plate_Map_Name");
            List<Map<String, String>> platemaps = new ArrayList<>();
            int well = header.indexOf("Metadata_Well");
            int plate = header.indexOf("Metadata_Plate");
            TreeSet<String> wells = new TreeSet<>();
            TreeSet<String> plates = new TreeSet<>();
            long rows = 0;
            for (CSVRecord record : parser) {
                reader.recordAt(record.getCharacterPosition());
                rows++;
                if (well >= 0 && well < record.size() && wells.size() < MAX_VALUES) {
                    wells.add(record.get(well));
                }
                if (plate >= 0 && plate < record.size() && plates.size() < MAX_VALUES) {
                    plates.add(record.get(plate));
                }
                if (barcodePlatemap && barcode >= 0 && platemap >= 0 && Math.max(barcode, platemap) < record.size()
                        && platemaps.size() < MAX_VALUES) {
                    platemaps.add(Map.of("plate", record.get(barcode).strip(), "platemap",
                            record.get(platemap).strip()));
                }
            }
            facts.put("header", header).put("rows", rows);
            if (well >= 0) {
                facts.put("wells", wells.size());
            }
            if (plate >= 0) {
                facts.put("plates", List.copyOf(plates));
            }
            if (barcodePlatemap) {
                if (barcode < 0 || platemap < 0) {
                    facts.problem("barcode-platemap-columns", fileName + " has no Assay_Plate_Barcode and"
                            + " Plate_Map_Name columns (header: " + header + ").");
                } else {
                    facts.put("platemaps", platemaps);
                }
            }
            if (loadData) {
                List<String> channels = header.stream().filter(h -> h.startsWith("URL_"))
                        .map(h -> h.substring(4)).toList();
                facts.put("channels", channels);
                if (channels.isEmpty()) {
                    facts.problem("load-data-columns", fileName + " has no URL_<Channel> column (header: " + header
                            + ").");
                }
                if (well < 0) {
                    facts.problem("load-data-columns", fileName + " has no Metadata_Well column (header: " + header
                            + ").");
                }
            }
        } catch (UncheckedIOException | IllegalArgumentException e) {
            facts.problem("invalid-csv", fileName + " is not valid CSV: " + e.getMessage());
        }
    }

    /**
     * The text under the CSV parser, refusing to give it more than {@value #MAX_RECORD} characters past the start
     * of the last record it returned: a quote never closed would otherwise make the rest of the file one field.
     */
    private static final class RecordLimit extends FilterReader {

        private final String fileName;
        private long read;
        private long recordStart;

        RecordLimit(String fileName, Reader in) {
            super(in);
            this.fileName = fileName;
        }

        void recordAt(long position) {
            recordStart = position;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            count(c == -1 ? 0 : 1);
            return c;
        }

        @Override
        public int read(char[] chars, int offset, int length) throws IOException {
            int n = super.read(chars, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            read += n;
            if (read - recordStart > MAX_RECORD) {
                throw new FormatException("csv-record-too-long", fileName + ": a record (or the header) runs over "
                        + MAX_RECORD + " characters (a quote never closed?); the file is not read further.");
            }
        }
    }
}
