package io.bucketbrigade.formats;

import java.util.Locale;

/**
 * The banner of a Matrix Market file: {@code %%MatrixMarket matrix <format> <field> <symmetry>}, format
 * {@code coordinate} (sparse) or {@code array} (dense).
 */
public record MatrixMarketHeader(String format, String field, String symmetry) {

    /** @throws FormatException (rule {@code matrix-market-header}) when the line is no Matrix Market banner */
    public static MatrixMarketHeader parse(String fileName, String firstLine) {
        String line = firstLine.strip();
        String[] words = line.split("\\s+");
        if (words.length < 3 || !words[0].equalsIgnoreCase("%%MatrixMarket") || !words[1].equalsIgnoreCase("matrix")) {
            String shown = line.length() > 60 ? line.substring(0, 60) + "…" : line;
            throw new FormatException("matrix-market-header", fileName + " does not start with a Matrix Market"
                    + " header ('%%MatrixMarket matrix coordinate <field> <symmetry>'); its first line is '"
                    + shown.replaceAll("[^\\x20-\\x7e]", "?") + "'.");
        }
        String format = words[2].toLowerCase(Locale.ROOT);
        if (!format.equals("coordinate") && !format.equals("array")) {
            throw new FormatException("matrix-market-header", fileName + " declares Matrix Market format '"
                    + words[2] + "'; it must be 'coordinate' or 'array'.");
        }
        return new MatrixMarketHeader(format, words.length > 3 ? words[3].toLowerCase(Locale.ROOT) : "real",
                words.length > 4 ? words[4].toLowerCase(Locale.ROOT) : "general");
    }

    public boolean isCoordinate() {
        return format.equals("coordinate");
    }
}
