package io.bucketbrigade.enrich.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/** NumPy {@code .npy} (Cell Painting illumination functions): dtype, shape, order, and that the data fits. */
@Component
class NpyExtractor implements Extractor {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
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
        if (start.length < 10 || !java.util.Arrays.equals(start, 0, 6, MAGIC, 0, 6)) {
            facts.problem("content-mismatch", fileName + " is named as NumPy (.npy) but does not start with"
                    + " '\\x93NUMPY' (its content is " + facts.get("mime") + ").");
            return;
        }
        int major = start[6];
        int headerLength;
        int prefix;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(ByteBuffer.wrap(start, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
            prefix = 10;
        } else {
            byte[] more = content.readNBytes(2);
            ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).put(start, 8, 2).put(more);
            headerLength = length.getInt(0);
            prefix = 12;
        }
        String header = new String(content.readNBytes(headerLength), StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !shape.find()) {
            facts.problem("npy-header", fileName + ": its NumPy header has no descr or shape: " + header.strip());
            return;
        }
        List<Long> dimensions = new ArrayList<>();
        for (String dimension : shape.group(1).split(",")) {
            if (!dimension.isBlank()) {
                dimensions.add(Long.parseLong(dimension.trim()));
            }
        }
        Matcher fortran = FORTRAN.matcher(header);
        facts.put("dtype", descr.group(1)).put("shape", dimensions)
                .put("fortranOrder", fortran.find() && fortran.group(1).equals("True"));
        long data = content.transferTo(java.io.OutputStream.nullOutputStream());
        long items = dimensions.stream().reduce(1L, (a, b) -> a * b);
        int itemSize = itemSize(descr.group(1));
        if (itemSize > 0 && data != items * itemSize) {
            facts.problem("npy-size", fileName + ": its header announces " + dimensions + " items of " + descr.group(1)
                    + " (" + items * itemSize + " bytes) but " + data + " bytes follow the " + (prefix + headerLength)
                    + "-byte header.");
        }
    }

    private static int itemSize(String descr) {
        Matcher m = Pattern.compile("[<>|=]?[a-zA-Z](\\d+)").matcher(descr);
        return m.matches() ? Integer.parseInt(m.group(1)) : -1;
    }
}
