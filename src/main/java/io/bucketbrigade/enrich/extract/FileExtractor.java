package io.bucketbrigade.enrich.extract;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.apache.commons.io.input.BoundedInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.tika.Tika;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Reads one object once, as a stream, and returns its facts: size, SHA-256, MIME type (Apache Tika, from the first
 * bytes and the name), and what the extractor for its format finds (by name, without {@code .gz}; gzipped text is
 * read decompressed). A file of no known format gets its MIME type and size, never an error. A text file that
 * holds binary data, or a file that is not the format its name says, is a problem of the file, named in its facts.
 */
@Component("fileExtractor")
public class FileExtractor {

    private static final int PEEK = 64 * 1024;
    private static final List<String> TEXT_FORMATS = List.of("matrix-market", "tsv", "csv", "json");

    private final S3Client s3;
    private final List<Extractor> extractors;
    private final Tika tika = new Tika();

    public FileExtractor(S3Client s3, List<Extractor> extractors) {
        this.s3 = s3;
        this.extractors = List.copyOf(extractors);
    }

    public Facts extract(String bucket, String key) {
        String fileName = key.substring(key.lastIndexOf('/') + 1);
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(g -> g.bucket(bucket).key(key))) {
            return extract(fileName, object, (offset, length) -> {
                try (InputStream range = s3.getObject(g -> g.bucket(bucket).key(key)
                        .range("bytes=" + offset + "-" + (offset + length - 1)))) {
                    return range.readAllBytes();
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Reading s3://" + bucket + "/" + key + " failed", e);
        }
    }

    /** The facts of one file's bytes; {@code ranges} reads the same bytes at an offset. */
    public Facts extract(String fileName, InputStream object, Extractor.RangeReader ranges) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        BoundedInputStream counted = BoundedInputStream.builder().setInputStream(new DigestInputStream(object, sha256))
                .get();
        BufferedInputStream raw = new BufferedInputStream(counted, PEEK);
        raw.mark(PEEK);
        byte[] head = raw.readNBytes(PEEK);
        raw.reset();
        Facts facts = new Facts();
        facts.put("mime", tika.detect(head, fileName));
        String lower = fileName.toLowerCase(Locale.ROOT);
        boolean gzipped = head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        String name = gzipped && lower.endsWith(".gz") ? lower.substring(0, lower.length() - 3) : lower;
        Optional<Extractor> extractor = extractors.stream().filter(e -> e.handles(name)).findFirst();
        facts.put("format", extractor.map(Extractor::format).orElse("other"));
        if (extractor.isPresent()) {
            String format = extractor.get().format();
            try {
                InputStream content = gzipped ? new GZIPInputStream(raw, PEEK) : raw;
                if (TEXT_FORMATS.contains(format) && holdsBinary(gzipped ? gunzippedHead(head) : head)) {
                    facts.problem("content-mismatch", fileName + " is named as " + format + " text but holds binary"
                            + " data (" + facts.get("mime") + ").");
                } else {
                    extractor.get().extract(fileName, CloseShieldInputStream.wrap(content), gzipped ? null : ranges,
                            facts);
                }
                content.transferTo(OutputStream.nullOutputStream());
            } catch (ZipException | EOFException e) {
                facts.problem("corrupt-gzip", fileName + " is not a complete gzip stream: " + e.getMessage());
            }
        }
        raw.transferTo(OutputStream.nullOutputStream());
        facts.put("size", counted.getCount()).put("sha256", HexFormat.of().formatHex(sha256.digest()));
        return facts;
    }

    private static boolean holdsBinary(byte[] head) {
        for (byte b : head) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** The start of the decompressed content: as much as the first compressed bytes give. */
    private static byte[] gunzippedHead(byte[] head) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(head))) {
            byte[] buffer = new byte[8192];
            for (int n; out.size() < PEEK && (n = in.read(buffer)) != -1; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException endOfTheHead) {
            // the head ends mid-stream: what was decompressed so far is enough
        }
        return out.toByteArray();
    }
}
