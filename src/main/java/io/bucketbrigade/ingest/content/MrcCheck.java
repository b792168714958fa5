package io.bucketbrigade.ingest.content;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * A tomogram is an MRC file (MRC2014): a 1,024-byte header with positive dimensions, a known data mode and the
 * {@code MAP} signature, then exactly the voxels the header announces. Finds {@code voxelSpacing} (Å, three
 * decimals, as in the CryoET layout's {@code VoxelSpacing13.480}).
 */
@Component
class MrcCheck implements ContentCheck {

    static final int HEADER = 1024;

    @Override
    public String name() {
        return "mrc";
    }

    @Override
    public Set<String> variables() {
        return Set.of("voxelSpacing");
    }

    @Override
    public Inspection start(String fileName) {
        return new Inspection() {
            private final byte[] header = new byte[HEADER];
            private int filled;
            private Header parsed;

            @Override
            public void update(byte[] bytes, int offset, int length) {
                if (filled < HEADER) {
                    int n = Math.min(length, HEADER - filled);
                    System.arraycopy(bytes, offset, header, filled, n);
                    filled += n;
                    if (filled == HEADER) {
                        parsed = Header.parse(fileName, header);
                    }
                }
            }

            @Override
            public void finish(long contentBytes) {
                if (parsed == null) {
                    throw new ContentRejectedException("mrc-header", fileName + " is " + contentBytes
                            + " bytes long, shorter than an MRC header (1,024 bytes).");
                }
                long expected = HEADER + parsed.extendedHeader + parsed.dataBytes();
                if (contentBytes != expected) {
                    throw new ContentRejectedException("mrc-size", String.format(Locale.ROOT, "%s: its header"
                            + " announces %d×%d×%d voxels of mode %d (%d bytes with the header) but the file has %d"
                            + " bytes.", fileName, parsed.nx, parsed.ny, parsed.nz, parsed.mode, expected,
                            contentBytes));
                }
            }

            @Override
            public Map<String, String> found() {
                return parsed == null ? Map.of() : Map.of("voxelSpacing", parsed.voxelSpacing());
            }
        };
    }

    /** The fields of an MRC2014 header this check needs (little-endian). */
    record Header(int nx, int ny, int nz, int mode, int mx, float cellX, int extendedHeader) {

        static Header parse(String fileName, byte[] bytes) {
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            String signature = new String(bytes, 208, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (!signature.equals("MAP ")) {
                throw new ContentRejectedException("mrc-header", fileName + " is not an MRC2014 file: bytes 208-211"
                        + " are not 'MAP ' (found '" + signature.replaceAll("[^\\x20-\\x7e]", "?") + "').");
            }
            Header h = new Header(b.getInt(0), b.getInt(4), b.getInt(8), b.getInt(12), b.getInt(28),
                    b.getFloat(40), b.getInt(92));
            if (h.nx <= 0 || h.ny <= 0 || h.nz <= 0) {
                throw new ContentRejectedException("mrc-header", String.format(Locale.ROOT,
                        "%s: its MRC header has dimensions %d×%d×%d; each must be positive.", fileName, h.nx, h.ny,
                        h.nz));
            }
            if (h.bytesPerVoxel() == 0) {
                throw new ContentRejectedException("mrc-header", fileName + ": its MRC header has data mode "
                        + h.mode + ", which is not one of 0, 1, 2, 3, 4, 6, 12, 101.");
            }
            if (h.mx <= 0 || !(h.cellX > 0) || h.extendedHeader < 0) {
                throw new ContentRejectedException("mrc-header", String.format(Locale.ROOT,
                        "%s: its MRC header has sampling %d and cell size %.3f; voxel spacing cannot be derived.",
                        fileName, h.mx, h.cellX));
            }
            return h;
        }

        double bytesPerVoxel() {
            return switch (mode) {
                case 0 -> 1;          // int8
                case 1, 6, 12 -> 2;   // int16, uint16, float16
                case 2, 3 -> 4;       // float32, complex int16
                case 4 -> 8;          // complex float32
                case 101 -> 0.5;      // 4-bit
                default -> 0;
            };
        }

        long dataBytes() {
            return (long) Math.ceil((double) nx * ny * nz * bytesPerVoxel());
        }

        String voxelSpacing() {
            return String.format(Locale.ROOT, "%.3f", cellX / mx);
        }
    }
}
