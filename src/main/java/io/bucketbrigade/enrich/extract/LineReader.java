package io.bucketbrigade.enrich.extract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** Text content line by line, streaming. */
final class LineReader {

    private LineReader() {
    }

    static BufferedReader of(InputStream content) {
        return new BufferedReader(new InputStreamReader(content, StandardCharsets.UTF_8), 64 * 1024);
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

    static void drain(BufferedReader reader) throws IOException {
        char[] buffer = new char[8192];
        while (reader.read(buffer) != -1) {
            // the rest of the file is checksummed, not read
        }
    }
}
