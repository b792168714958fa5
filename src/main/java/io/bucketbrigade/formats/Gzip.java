package io.bucketbrigade.formats;

import java.io.EOFException;
import java.io.IOException;
import java.util.zip.ZipException;

/**
 * Gzip as the hops see it: a file is gzip when its first two bytes are {@code 1f 8b}, whatever its name (as Cellenics'
 * file inspector decides), and one that cannot be read to its end breaks {@code corrupt-gzip}, with a message that
 * tells a cut-short upload from bytes that are no gzip at all.
 */
public final class Gzip {

    private Gzip() {
    }

    /** Whether a file whose first two bytes are these (0–255; -1 past its end) is gzip. */
    public static boolean magic(int first, int second) {
        return first == 0x1f && second == 0x8b;
    }

    /** Whether these first bytes of a file start a gzip stream. */
    public static boolean magic(byte[] head) {
        return head.length >= 2 && magic(head[0] & 0xff, head[1] & 0xff);
    }

    /**
     * The curator's message for a gzip file that could not be read to its end.
     *
     * @param e what {@link java.util.zip.GZIPInputStream} threw: {@link EOFException} when the stream stops early,
     *          {@link ZipException} when its header or data are not gzip's
     */
    public static String problem(String fileName, IOException e) {
        if (e instanceof EOFException) {
            return fileName + " is not a complete gzip stream: it ends before its compressed data do (the upload"
                    + " may have been cut short).";
        }
        String detail = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return fileName + " is not a complete gzip stream: " + detail + ". It starts as gzip does (1f 8b) but cannot"
                + " be read as gzip: its bytes are damaged, or it is another format that starts with the same two"
                + " bytes.";
    }
}
