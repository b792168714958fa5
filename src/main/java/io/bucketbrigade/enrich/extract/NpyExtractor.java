package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * NumPy {@code .npy} (Cell Painting illumination functions): dtype, shape, order, and that the data fits. A header
 * longer than NumPy reads ({@value #MAX_HEADER} bytes), a shape that is not non-negative integers, or one whose byte
 * count does not fit in 64 bits, is a problem of the file.
 */
@Component
class NpyExtractor implements Extractor {

    /** NumPy's own limit on the header it reads ({@code numpy.lib.format}, {@code max_header_size}). */
    static final int MAX_HEADER = 10_000;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern DIMENSION = Pattern.compile("\\d{1,19}");
    private static final Pattern ITEM_SIZE = Pattern.compile("[<>|=]?[a-zA-Z](\\d{1,9})");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    @Override
    public String format() {
        return "npy";
    }

    @Override
    public boolean handles(String name) {
        return name.endsWith(".npy");
    }

    @Override
    public void extract(String fileName, InputStream content, RangeReader ranges, Facts facts) throws IOException {
        byte[] start = content.readNBytes(10);
        if (start.length < 10 || !Arrays.equals(start, 0, 6, MAGIC, 0, 6)) {
            facts.problem("content-mismatch", fileName + " is named as NumPy (.npy) but does not start with"
                    + " '\\x93NUMPY' (its content is " + facts.get("mime") + ").");
            return;
        }
        int major = Byte.toUnsignedInt(start[6]);
        long headerLength;
        int prefix;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(ByteBuffer.wrap(start, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
            prefix = 10;
        } else if (major == 2 || major == 3) {
            byte[] more = content.readNBytes(2);
            if (more.length < 2) {
                facts.problem("npy-header", fileName + ": the file ends inside its NumPy header.");
                return;
            }
            ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).put(start, 8, 2).put(more);
            headerLength = Integer.toUnsignedLong(length.getInt(0));
            prefix = 12;
        } else {
            facts.problem("npy-header", fileName + ": NumPy format version " + major + " is not 1, 2 or 3.");
            return;
        }
        if (headerLength > MAX_HEADER) {
            facts.problem("npy-header", fileName + ": its NumPy header is " + headerLength + " bytes long; NumPy"
                    + " reads at most " + MAX_HEADER + ".");
            return;
        }
        byte[] headerBytes = content.readNBytes((int) headerLength);
        String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
        if (headerBytes.length < headerLength) {
            facts.problem("npy-header", fileName + ": the file ends inside its NumPy header (" + headerBytes.length
                    + " of " + headerLength + " bytes).");
            return;
        }
        Matcher descr = DESCR.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !shape.find()) {
            facts.problem("npy-header", fileName + ": its NumPy header has no descr or shape: " + shown(header));
            return;
        }
        List<Long> dimensions = new ArrayList<>();
        for (String dimension : shape.group(1).split(",")) {
            if (dimension.isBlank()) {
                continue;
            }
            try {
                dimensions.add(DIMENSION.matcher(dimension.strip()).matches() ? Long.parseLong(dimension.strip()) : -1);
            } catch (NumberFormatException tooLarge) {
                dimensions.add(-1L);
            }
            if (dimensions.get(dimensions.size() - 1) < 0) {
                facts.problem("npy-header", fileName + ": its NumPy header's shape (" + shown(shape.group(1))
                        + ") is not a tuple of non-negative 64-bit integers.");
                return;
            }
        }
        Matcher fortran = FORTRAN.matcher(header);
        facts.put("dtype", descr.group(1)).put("shape", dimensions)
                .put("fortranOrder", fortran.find() && fortran.group(1).equals("True"));
        long data = content.transferTo(OutputStream.nullOutputStream());
        int itemSize = itemSize(descr.group(1));
        if (itemSize <= 0) {
            return;
        }
        long bytes;
        try {
            bytes = Math.multiplyExact(dimensions.stream().reduce(1L, Math::multiplyExact), itemSize);
        } catch (ArithmeticException e) {
            facts.problem("npy-size", fileName + ": its header announces " + dimensions + " items of "
                    + descr.group(1) + ", more than " + Long.MAX_VALUE + " bytes, which no file holds; " + data
                    + " bytes follow the " + (prefix + headerLength) + "-byte header.");
            return;
        }
        if (data != bytes) {
            facts.problem("npy-size", fileName + ": its header announces " + dimensions + " items of " + descr.group(1)
                    + " (" + bytes + " bytes) but " + data + " bytes follow the " + (prefix + headerLength)
                    + "-byte header.");
        }
    }

    private static String shown(String text) {
        String line = text.strip().replaceAll("[^\\x20-\\x7e]", "?");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    private static int itemSize(String descr) {
        Matcher m = ITEM_SIZE.matcher(descr);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
