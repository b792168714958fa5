package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one format's facts from a file's content as it streams (decompressed, when the file is gzipped). An
 * extractor may stop reading early; the caller drains the rest.
 */
public interface Extractor {

    /** The format's name, as in {@code format} of the facts. */
    String format();

    /** Whether a file of this name is of this format (by its name, without {@code .gz}). */
    boolean handles(String name);

    /**
     * @param content the content, from its first byte
     * @param ranges  random access to the same content, for formats whose index is not at the start (TIFF)
     */
    void extract(String fileName, InputStream content, RangeReader ranges, Facts facts) throws IOException;

    /** Random access to a file's bytes. */
    interface RangeReader {
        byte[] read(long offset, int length) throws IOException;
    }
}
