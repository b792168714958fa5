package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads one format's facts from a file's content as it streams (decompressed, when the file is gzipped). An
 * extractor may stop reading early; the caller drains the rest. Malformed content is a problem in the facts, never
 * an exception: an extractor that throws anyway is caught by {@link FileExtractor}, which records the file as
 * {@code unreadable}.
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

    /** Random access to a file's bytes; a caller checks its offsets against {@link #size()} before it reads. */
    interface RangeReader {

        /** The file's size in bytes. */
        long size();

        /** {@code length} bytes from {@code offset}; both within {@link #size()}. */
        byte[] read(long offset, int length) throws IOException;

        /** A file of {@code size} bytes whose ranges {@code reads} reads. */
        static RangeReader of(long size, Reads reads) {
            return new RangeReader() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public byte[] read(long offset, int length) throws IOException {
                    return reads.read(offset, length);
                }
            };
        }
    }

    /** Reads one range of a file. */
    @FunctionalInterface
    interface Reads {
        byte[] read(long offset, int length) throws IOException;
    }
}
