package io.bucketbrigade.ingest.content;

import java.util.Map;
import java.util.Set;

import io.bucketbrigade.formats.FormatException;
import io.bucketbrigade.formats.MrcHeader;
import org.springframework.stereotype.Component;

/**
 * A tomogram is an MRC file (MRC2014): a 1,024-byte header with positive dimensions, a known data mode and the
 * {@code MAP} signature, then exactly the voxels the header announces. Finds {@code voxelSpacing} (Å, three
 * decimals, as in the CryoET layout's {@code VoxelSpacing13.480}).
 */
@Component
class MrcCheck implements ContentCheck {

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
            private final byte[] header = new byte[MrcHeader.SIZE];
            private int filled;
            private MrcHeader parsed;

            @Override
            public void update(byte[] bytes, int offset, int length) {
                if (filled < MrcHeader.SIZE) {
                    int n = Math.min(length, MrcHeader.SIZE - filled);
                    System.arraycopy(bytes, offset, header, filled, n);
                    filled += n;
                    if (filled == MrcHeader.SIZE) {
                        parsed = rejecting(() -> MrcHeader.parse(fileName, header));
                    }
                }
            }

            @Override
            public void finish(long contentBytes) {
                if (parsed == null) {
                    throw new ContentRejectedException("mrc-header", fileName + " is " + contentBytes
                            + " bytes long, shorter than an MRC header (1,024 bytes).");
                }
                rejecting(() -> {
                    parsed.requireFileBytes(fileName, contentBytes);
                    return null;
                });
            }

            @Override
            public Map<String, String> found() {
                return parsed == null ? Map.of() : Map.of("voxelSpacing", parsed.voxelSpacing());
            }
        };
    }

    private static <T> T rejecting(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (FormatException e) {
            throw new ContentRejectedException(e.rule(), e.getMessage());
        }
    }
}
