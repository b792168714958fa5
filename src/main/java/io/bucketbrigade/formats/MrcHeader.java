package io.bucketbrigade.formats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The fields of an MRC2014 header (1,024 bytes, little-endian) that describe the volume: dimensions, data mode,
 * sampling, cell size (so voxel size), and the length of the extended header.
 */
public record MrcHeader(int nx, int ny, int nz, int mode, int mx, int my, int mz, float cellX, float cellY,
        float cellZ, int extendedHeader) {

    public static final int SIZE = 1024;

    /** @throws FormatException (rule {@code mrc-header}) when the bytes are no usable MRC2014 header */
    public static MrcHeader parse(String fileName, byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        String signature = new String(bytes, 208, 4, StandardCharsets.US_ASCII);
        if (!signature.equals("MAP ")) {
            throw new FormatException("mrc-header", fileName + " is not an MRC2014 file: bytes 208-211 are not"
                    + " 'MAP ' (found '" + signature.replaceAll("[^\\x20-\\x7e]", "?") + "').");
        }
        MrcHeader h = new MrcHeader(b.getInt(0), b.getInt(4), b.getInt(8), b.getInt(12), b.getInt(28), b.getInt(32),
                b.getInt(36), b.getFloat(40), b.getFloat(44), b.getFloat(48), b.getInt(92));
        if (h.nx <= 0 || h.ny <= 0 || h.nz <= 0) {
            throw new FormatException("mrc-header", String.format(Locale.ROOT,
                    "%s: its MRC header has dimensions %d×%d×%d; each must be positive.", fileName, h.nx, h.ny, h.nz));
        }
        if (h.bytesPerVoxel() == 0) {
            throw new FormatException("mrc-header", fileName + ": its MRC header has data mode " + h.mode
                    + ", which is not one of 0, 1, 2, 3, 4, 6, 12, 101.");
        }
        if (h.mx <= 0 || !(h.cellX > 0) || h.extendedHeader < 0) {
            throw new FormatException("mrc-header", String.format(Locale.ROOT,
                    "%s: its MRC header has sampling %d and cell size %.3f; voxel spacing cannot be derived.",
                    fileName, h.mx, h.cellX));
        }
        return h;
    }

    public double bytesPerVoxel() {
        return switch (mode) {
            case 0 -> 1;          // int8
            case 1, 6, 12 -> 2;   // int16, uint16, float16
            case 2, 3 -> 4;       // float32, complex int16
            case 4 -> 8;          // complex float32
            case 101 -> 0.5;      // 4-bit
            default -> 0;
        };
    }

    /** Bytes the whole file must have: header, extended header and voxels; -1 when that exceeds 64 bits. */
    public long fileBytes() {
        try {
            long voxels = Math.multiplyExact(Math.multiplyExact((long) nx, ny), nz);
            long data = mode == 101 ? voxels / 2 + voxels % 2 : Math.multiplyExact(voxels, (long) bytesPerVoxel());
            return Math.addExact(SIZE + (long) extendedHeader, data);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /** Voxel size along x in Å, with three decimals, as CryoET folder names use it ({@code 13.480}). */
    public String voxelSpacing() {
        return String.format(Locale.ROOT, "%.3f", cellX / mx);
    }

    /** @throws FormatException (rule {@code mrc-size}) when the file has another size than the header says */
    public void requireFileBytes(String fileName, long actual) {
        if (fileBytes() < 0) {
            throw new FormatException("mrc-size", String.format(Locale.ROOT, "%s: its header announces %d×%d×%d"
                    + " voxels of mode %d, more than %d bytes, which no file holds; the file has %d bytes.", fileName,
                    nx, ny, nz, mode, Long.MAX_VALUE, actual));
        }
        if (actual != fileBytes()) {
            throw new FormatException("mrc-size", String.format(Locale.ROOT, "%s: its header announces %d×%d×%d"
                    + " voxels of mode %d (%d bytes with the header) but the file has %d bytes.", fileName, nx, ny,
                    nz, mode, fileBytes(), actual));
        }
    }
}
