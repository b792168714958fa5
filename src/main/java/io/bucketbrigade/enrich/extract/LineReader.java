package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

import io.bucketbrigade.formats.FormatException;

/**
 * Text content line by line, streaming, with lines of at most {@value #MAX_LINE} characters: a longer one (a file
 * with no line breaks) is a {@code line-too-long} problem, not a string as long as the file.
 */
final class LineReader {

    static final int MAX_LINE = 1024 * 1024;

    private final String fileName;
    private final Reader reader;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private boolean afterCarriageReturn;
    private long number;

    private LineReader(String fileName, InputStream content) {
        this.fileName = fileName;
        this.reader = new InputStreamReader(content, StandardCharsets.UTF_8);
    }

    static LineReader of(String fileName, InputStream content) {
        return new LineReader(fileName, content);
    }

    /**
     * The next line without its terminator ({@code \n}, {@code \r\n} or {@code \r}), or null at the end.
     *
     * @throws FormatException (rule {@code line-too-long}) for a line longer than {@value #MAX_LINE} characters
     */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == limit) {
                limit = reader.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line == null ? null : line.toString();
                }
            }
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (buffer[position] == '\n') {
                    position++;
                    continue;
                }
            }
            if (line == null) {
                line = new StringBuilder();
                number++;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n' && buffer[position] != '\r') {
                position++;
            }
            if (line.length() + (position - start) > MAX_LINE) {
                throw new FormatException("line-too-long", fileName + ": line " + number + " is longer than "
                        + MAX_LINE + " characters; the file is not read further.");
            }
            line.append(buffer, start, position - start);
            if (position < limit) {
                afterCarriageReturn = buffer[position] == '\r';
                position++;
                return line.toString();
            }
        }
    }

    /** A 64-bit FNV-1a hash, to find duplicate ids without keeping the ids. */
    static long hash(String text) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            hash ^= text.charAt(i);
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
