package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import io.bucketbrigade.formats.FormatException;
import io.bucketbrigade.formats.MrcHeader;
import org.springframework.stereotype.Component;

/** MRC (CryoET tomograms): dimensions, data mode, voxel size, and that the file holds the voxels announced. */
@Component
class MrcExtractor implements Extractor {

    @Override
    public String format() {
        return "mrc";
    }

    @Override
    public boolean handles(String name) {
        return name.endsWith(".mrc") || name.endsWith(".rec") || name.endsWith(".map");
    }

    @Override
    public void extract(String fileName, InputStream content, RangeReader ranges, Facts facts) throws IOException {
        byte[] header = content.readNBytes(MrcHeader.SIZE);
        long size = header.length + content.transferTo(java.io.OutputStream.nullOutputStream());
        if (header.length < MrcHeader.SIZE) {
            facts.problem("content-mismatch", fileName + " is named as MRC but is " + size + " bytes long, shorter"
                    + " than an MRC header.");
            return;
        }
        try {
            MrcHeader h = MrcHeader.parse(fileName, header);
            facts.put("dimensions", Map.of("x", h.nx(), "y", h.ny(), "z", h.nz()))
                    .put("mode", h.mode())
                    .put("voxelSize", Map.of("x", (double) h.cellX() / h.mx(), "y", (double) h.cellY() / Math.max(1, h.my()),
                            "z", (double) h.cellZ() / Math.max(1, h.mz())))
                    .put("voxelSpacing", h.voxelSpacing());
            h.requireFileBytes(fileName, size);
        } catch (FormatException e) {
            facts.problem(e.rule().equals("mrc-header") ? "content-mismatch" : e.rule(), e.getMessage());
        }
    }
}
