package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Component;

/**
 * CSV: header and row count. A Cell Painting {@code load_data.csv} must have a {@code Metadata_Well} column and at
 * least one {@code URL_<Channel>} column; its channels, plates and wells are counted. A
 * {@code barcode_platemap.csv} must have {@code Assay_Plate_Barcode} and {@code Plate_Map_Name} columns; its rows
 * become {@code platemaps}, each {@code {plate, platemap}}, which the Cell Painting check matches with the plates.
 */
@Component
class CsvExtractor implements Extractor {

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
        try (CSVParser parser = CSVParser.builder().setReader(new InputStreamReader(content, StandardCharsets.UTF_8))
                .setFormat(format).get()) {
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
                rows++;
                if (well >= 0 && well < record.size()) {
                    wells.add(record.get(well));
                }
                if (plate >= 0 && plate < record.size()) {
                    plates.add(record.get(plate));
                }
                if (barcodePlatemap && barcode >= 0 && platemap >= 0 && Math.max(barcode, platemap) < record.size()) {
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
}
