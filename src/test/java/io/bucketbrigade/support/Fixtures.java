package io.bucketbrigade.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** File contents for tests: text, random bytes, gzip, MRC tomograms, and their checksums. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A file checked in under src/test/resources (for example {@code aind-indexer/bucket/subject.json}). */
    public static byte[] resource(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] random(int size, long seed) {
        return random(size, new Random(seed));
    }

    /**
     * {@code size} random bytes that never start as gzip does ({@code 1f 8b}): ingest decides what is gzip by the
     * content, as Cellenics does, so one random file in 65,536 would otherwise be refused as a cut-short gzip stream.
     */
    public static byte[] random(int size, Random random) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        if (size > 0 && bytes[0] == 0x1f) {
            bytes[0] = 0;
        }
        return bytes;
    }

    /** The three gzipped files of a valid 10x sample (2 barcodes, 3 features, a 3 × 2 matrix), by file name. */
    public static Map<String, byte[]> tenxSample() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("barcodes.tsv.gz", gzip("B1\nB2\n"));
        files.put("features.tsv.gz", gzip("G1\tg1\nG2\tg2\nG3\tg3\n"));
        files.put("matrix.mtx.gz", gzip("%%MatrixMarket matrix coordinate integer general\n"
                + "3 2 3\n1 1 5\n2 2 1\n3 1 7\n"));
        return files;
    }

    public static byte[] gzip(String text) {
        return gzip(utf8(text));
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 32 random lowercase hex characters: a Cellenics experiment id. */
    public static String experimentId() {
        byte[] bytes = new byte[16];
        new Random().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /**
     * An MRC2014 file of nx×ny×nz float32 voxels (mode 2) whose cell is {@code cellX} Å wide along x (sampling
     * nx), so its voxel spacing is cellX / nx; {@code extra} bytes more (or fewer, when negative) than the header
     * announces.
     */
    public static byte[] mrc(int nx, int ny, int nz, float cellX, int extra) {
        int data = nx * ny * nz * 4;
        ByteBuffer b = ByteBuffer.allocate(1024 + data + Math.max(0, extra)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, nx).putInt(4, ny).putInt(8, nz).putInt(12, 2);
        b.putInt(28, nx).putInt(32, ny).putInt(36, nz);
        b.putFloat(40, cellX).putFloat(44, cellX).putFloat(48, cellX);
        b.put(208, (byte) 'M').put(209, (byte) 'A').put(210, (byte) 'P').put(211, (byte) ' ');
        byte[] bytes = b.array();
        return extra < 0 ? Arrays.copyOf(bytes, bytes.length + extra) : bytes;
    }

    /**
     * A little-endian TIFF of {@code pages} 8-bit grayscale pages of width×height, its image file directories
     * after the pixels (as many writers put them), so a reader must follow offsets.
     */
    public static byte[] tiff(int width, int height, int pages) {
        int pixels = width * height;
        int ifdSize = 2 + 6 * 12 + 4;
        ByteBuffer b = ByteBuffer.allocate(8 + pages * (pixels + ifdSize)).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42);
        int firstIfd = 8 + pages * pixels;
        b.putInt(firstIfd);
        for (int p = 0; p < pages; p++) {
            b.position(8 + p * pixels);
            for (int i = 0; i < pixels; i++) {
                b.put((byte) (i + p));
            }
        }
        for (int p = 0; p < pages; p++) {
            int at = firstIfd + p * ifdSize;
            b.position(at);
            b.putShort((short) 6);
            entry(b, 256, 3, 1, width);
            entry(b, 257, 3, 1, height);
            entry(b, 258, 3, 1, 8);
            entry(b, 262, 3, 1, 1);
            entry(b, 273, 4, 1, 8 + p * pixels);
            entry(b, 277, 3, 1, 1);
            b.putInt(p + 1 < pages ? at + ifdSize : 0);
        }
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int type, int count, int value) {
        b.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3) {
            b.putShort((short) value).putShort((short) 0);
        } else {
            b.putInt(value);
        }
    }

    /** A NumPy .npy (version 1) of float32 zeros of this shape. */
    public static byte[] npy(int... shape) {
        StringBuilder dims = new StringBuilder();
        int items = 1;
        for (int d : shape) {
            dims.append(d).append(", ");
            items *= d;
        }
        return npy("(" + dims.toString().strip() + ")", items * 4);
    }

    /** A NumPy .npy (version 1) of float32 whose header announces {@code shape}, followed by {@code data} bytes. */
    public static byte[] npy(String shape, int data) {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        header = header + " ".repeat((64 - total % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /** JSON arrays nested {@code levels} deep: {@code [[[…]]]}. */
    public static byte[] deepJson(int levels) {
        return utf8("[".repeat(levels) + "]".repeat(levels));
    }

    /** A little-endian TIFF header whose first image file directory is at {@code offset}, and nothing else. */
    public static byte[] tiffHeader(long offset) {
        return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).put((byte) 'I').put((byte) 'I')
                .putShort((short) 42).putInt((int) offset).array();
    }

    /**
     * A little-endian TIFF whose first image file directory, right after the header, claims {@code entries}
     * entries (holding one, a width) and names itself as the next directory.
     */
    public static byte[] tiffLoop(int entries) {
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 12 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        b.putShort((short) entries);
        entry(b, 256, 3, 1, 16);
        return b.putInt(8).array();
    }
}
