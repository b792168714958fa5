package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.springframework.stereotype.Component;

/**
 * TIFF: width, height, bits per sample, samples per pixel and pages (image file directories). The header is at
 * the start of the stream; the directories may be anywhere, so they are read by range.
 */
@Component
class TiffExtractor implements Extractor {

    private static final int MAX_PAGES = 100_000;

    @Override
    public String format() {
        return "tiff";
    }

    @Override
    public boolean handles(String name) {
        return name.endsWith(".tif") || name.endsWith(".tiff");
    }

    @Override
    public void extract(String fileName, InputStream content, RangeReader ranges, Facts facts) throws IOException {
        byte[] header = content.readNBytes(8);
        ByteOrder order;
        if (header.length == 8 && header[0] == 'I' && header[1] == 'I') {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (header.length == 8 && header[0] == 'M' && header[1] == 'M') {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            facts.problem("content-mismatch", fileName + " is named as TIFF but is not TIFF (it does not start with"
                    + " 'II' or 'MM'; its content is " + facts.get("mime") + ").");
            return;
        }
        ByteBuffer h = ByteBuffer.wrap(header).order(order);
        int magic = Short.toUnsignedInt(h.getShort(2));
        if (magic == 43) {
            facts.put("bigTiff", true);
            return;
        }
        if (magic != 42) {
            facts.problem("content-mismatch", fileName + " is named as TIFF but its header's magic number is " + magic
                    + ", not 42.");
            return;
        }
        if (ranges == null) {
            return;
        }
        long offset = Integer.toUnsignedLong(h.getInt(4));
        int pages = 0;
        while (offset != 0 && pages < MAX_PAGES) {
            ByteBuffer count = ByteBuffer.wrap(ranges.read(offset, 2)).order(order);
            int entries = Short.toUnsignedInt(count.getShort(0));
            ByteBuffer directory = ByteBuffer.wrap(ranges.read(offset + 2, entries * 12 + 4)).order(order);
            if (pages == 0) {
                firstPage(directory, entries, order, ranges, facts);
            }
            pages++;
            offset = Integer.toUnsignedLong(directory.getInt(entries * 12));
        }
        facts.put("pages", pages);
    }

    private static void firstPage(ByteBuffer directory, int entries, ByteOrder order, RangeReader ranges, Facts facts)
            throws IOException {
        for (int i = 0; i < entries; i++) {
            int at = i * 12;
            int tag = Short.toUnsignedInt(directory.getShort(at));
            int type = Short.toUnsignedInt(directory.getShort(at + 2));
            long count = Integer.toUnsignedLong(directory.getInt(at + 4));
            long value = type == 3 ? Short.toUnsignedInt(directory.getShort(at + 8))
                    : Integer.toUnsignedLong(directory.getInt(at + 8));
            switch (tag) {
                case 256 -> facts.put("width", value);
                case 257 -> facts.put("height", value);
                case 258 -> {
                    if (type == 3 && count > 2) { // the values do not fit: the field holds their offset
                        value = Short.toUnsignedInt(ByteBuffer.wrap(ranges.read(Integer.toUnsignedLong(
                                directory.getInt(at + 8)), 2)).order(order).getShort(0));
                    }
                    facts.put("bitsPerSample", value);
                }
                case 277 -> facts.put("samplesPerPixel", value);
                default -> { }
            }
        }
    }
}
