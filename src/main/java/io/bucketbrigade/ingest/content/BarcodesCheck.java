package io.bucketbrigade.ingest.content;

import org.springframework.stereotype.Component;

/**
 * A 10x barcodes file holds one barcode per line, so its first line has no tab: one that has is most likely a
 * features file or a matrix uploaded under the wrong name, and is refused, as Cellenics' file inspector refuses it.
 */
@Component
class BarcodesCheck implements ContentCheck {

    @Override
    public String name() {
        return "barcodes";
    }

    @Override
    public Inspection start(String fileName) {
        return new Inspection() {
            private boolean done;

            @Override
            public void update(byte[] bytes, int offset, int length) {
                for (int i = offset; i < offset + length && !done; i++) {
                    if (bytes[i] == '\t') {
                        throw new ContentRejectedException("barcodes-columns", fileName + " has a tab in its first"
                                + " line; a barcodes file holds one barcode per line (is it a features file or a"
                                + " matrix under the wrong name?).");
                    }
                    done = bytes[i] == '\n';
                }
            }

            @Override
            public void finish(long contentBytes) {
            }
        };
    }
}
