package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * TIFF: width, height, bits per sample, samples per pixel and pages (image file directories). The header is at
 * the start of the stream; the directories may be anywhere, so they are read by range, each offset checked against
 * the file's size first. A directory outside the file, one of more than {@value #MAX_ENTRIES} entries, or a chain
 * of directories that loops is a {@code tiff-directory} problem; at most {@value #MAX_PAGES} pages are counted.
 */
@Component
class TiffExtractor implements Extractor {

    static final int MAX_PAGES = 10_000;
    static final int MAX_ENTRIES = 4_096;

    private static final int ENTRY = 12;

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
        long size = ranges.size();
        long offset = Integer.toUnsignedLong(h.getInt(4));
        Set<Long> seen = new HashSet<>();
        int pages = 0;
        while (offset != 0 && pages < MAX_PAGES) {
            String which = "image file directory " + (pages + 1);
            if (!seen.add(offset)) {
                facts.problem("tiff-directory", fileName + ": its image file directories loop: " + which
                        + " is at offset " + offset + ", where an earlier one is.");
                break;
            }
            if (offset < 8 || offset > size - 2) {
                facts.problem("tiff-directory", fileName + ": its " + which + " is at offset " + offset
                        + ", outside the file (" + size + " bytes).");
                break;
            }
            int entries = Short.toUnsignedInt(ByteBuffer.wrap(ranges.read(offset, 2)).order(order).getShort(0));
            long length = (long) entries * ENTRY + 4;
            if (entries > MAX_ENTRIES) {
                facts.problem("tiff-directory", fileName + ": its " + which + " claims " + entries
                        + " entries; at most " + MAX_ENTRIES + " are read.");
                break;
            }
            if (offset + 2 > size - length) {
                facts.problem("tiff-directory", fileName + ": its " + which + " at offset " + offset + " holds "
                        + entries + " entries (" + (2 + length) + " bytes), past the end of the file (" + size
                        + " bytes).");
                break;
            }
            long next;
            if (pages == 0) {
                ByteBuffer directory = ByteBuffer.wrap(ranges.read(offset + 2, (int) length)).order(order);
                firstPage(fileName, directory, entries, order, ranges, facts);
                next = Integer.toUnsignedLong(directory.getInt(entries * ENTRY));
            } else {
                next = Integer.toUnsignedLong(ByteBuffer.wrap(ranges.read(offset + 2 + length - 4, 4)).order(order)
                        .getInt(0));
            }
            pages++;
            offset = next;
        }
        facts.put("pages", pages);
    }

    private static void firstPage(String fileName, ByteBuffer directory, int entries, ByteOrder order,
            RangeReader ranges, Facts facts) throws IOException {
        for (int i = 0; i < entries; i++) {
            int at = i * ENTRY;
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
                        long values = Integer.toUnsignedLong(directory.getInt(at + 8));
                        if (values > ranges.size() - 2) {
                            facts.problem("tiff-directory", fileName + ": its BitsPerSample values are at offset "
                                    + values + ", outside the file (" + ranges.size() + " bytes).");
                            continue;
                        }
                        value = Short.toUnsignedInt(ByteBuffer.wrap(ranges.read(values, 2)).order(order)
                                .getShort(0));
                    }
                    facts.put("bitsPerSample", value);
                }
                case 277 -> facts.put("samplesPerPixel", value);
                default -> { }
            }
        }
    }
}
