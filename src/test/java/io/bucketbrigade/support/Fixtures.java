package io.bucketbrigade.support;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** File contents for tests: text, random bytes, gzip, MRC tomograms, and their checksums. */
public final class Fixtures {

    private Fixtures() {
    }

    public static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
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
}
