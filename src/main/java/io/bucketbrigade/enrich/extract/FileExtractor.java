package io.bucketbrigade.enrich.extract;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import io.bucketbrigade.checksum.Checksums;
import io.bucketbrigade.formats.FormatException;
import io.bucketbrigade.formats.Gzip;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.commons.io.input.CloseShieldInputStream;
import org.apache.tika.Tika;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger LOG = LoggerFactory.getLogger(FileExtractor.class);
    private static final int PEEK = 64 * 1024;
    private static final List<String> TEXT_FORMATS = List.of("matrix-market", "tsv", "csv", "json");

    private final S3Client s3;
    private final List<Extractor> extractors;
    private final Tika tika = new Tika();

    public FileExtractor(S3Client s3, List<Extractor> extractors) {
        this.s3 = s3;
        this.extractors = List.copyOf(extractors);
    }

    /**
     * Whether all the facts of a file of this name are in its head: no extractor reads its format (by name, without
     * {@code .gz}), so its facts are its MIME type (from its first bytes), size and SHA-256.
     */
    public boolean factsInTheHead(String key) {
        String lower = key.substring(key.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        String name = lower.endsWith(".gz") ? lower.substring(0, lower.length() - 3) : lower;
        return extractors.stream().noneMatch(e -> e.handles(lower) || e.handles(name));
    }

    /**
     * The facts of a file whose facts are in its head ({@link #factsInTheHead}) and whose size and SHA-256 are known
     * (S3 computed them): one ranged read of its first bytes, for its MIME type.
     */
    public Facts extractHead(String bucket, String key, long size, String sha256) {
        String fileName = key.substring(key.lastIndexOf('/') + 1);
        byte[] head;
        if (size == 0) {
            head = new byte[0];
        } else {
            head = s3.getObjectAsBytes(g -> g.bucket(bucket).key(key).range("bytes=0-" + (Math.min(size, PEEK) - 1)))
                    .asByteArray();
        }
        return new Facts().put("mime", tika.detect(head, fileName)).put("format", "other").put("size", size)
                .put("sha256", sha256);
    }

    public Facts extract(String bucket, String key) {
        String fileName = key.substring(key.lastIndexOf('/') + 1);
        try (ResponseInputStream<GetObjectResponse> object = s3.getObject(g -> g.bucket(bucket).key(key))) {
            long size = object.response().contentLength();
            return extract(fileName, object, Extractor.RangeReader.of(size, (offset, length) -> {
                try (InputStream range = s3.getObject(g -> g.bucket(bucket).key(key)
                        .range("bytes=" + offset + "-" + (offset + length - 1)))) {
                    return range.readAllBytes();
                }
            }));
        } catch (IOException e) {
            throw new UncheckedIOException("Reading s3://" + bucket + "/" + key + " failed", e);
        }
    }

    /**
     * The facts of one file's bytes; {@code ranges} reads the same bytes at an offset.
     *
     * <p>Where a failure belongs: whatever the object's own bytes cannot be read for (its stream or a range read
     * failing: S3 unreachable, a connection reset) is thrown, so that the message is retried; whatever else an
     * extractor throws is the file's problem ({@code unreadable}, or the rule of a {@link FormatException}), and
     * the file keeps its size and checksum, so its dataset still gets a verdict.
     */
    public Facts extract(String fileName, InputStream object, Extractor.RangeReader ranges) throws IOException {
        MessageDigest sha256 = Checksums.sha256();
        Source source = new Source(object);
        BoundedInputStream counted = BoundedInputStream.builder().setInputStream(new DigestInputStream(source, sha256))
                .get();
        BufferedInputStream raw = new BufferedInputStream(counted, PEEK);
        raw.mark(PEEK);
        byte[] head = raw.readNBytes(PEEK);
        raw.reset();
        Facts facts = new Facts();
        facts.put("mime", tika.detect(head, fileName));
        String lower = fileName.toLowerCase(Locale.ROOT);
        boolean gzipped = Gzip.magic(head);
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
                    extractor.get().extract(fileName, CloseShieldInputStream.wrap(content), gzipped ? null
                            : source.ranges(ranges), facts);
                }
                content.transferTo(OutputStream.nullOutputStream());
            } catch (ZipException | EOFException e) {
                source.rethrowFailure();
                facts.problem("corrupt-gzip", Gzip.problem(fileName, e));
            } catch (FormatException e) {
                source.rethrowFailure();
                facts.problem(e.rule(), e.getMessage());
            } catch (IOException | RuntimeException e) {
                source.rethrowFailure();
                LOG.warn("The {} reader failed on {}; the file is recorded as unreadable", format, fileName, e);
                facts.problem("unreadable", fileName + " could not be read as " + format + ": "
                        + e.getClass().getName() + ": " + e.getMessage());
            }
            source.rethrowFailure(); // an extractor may have taken a failed read for bad content
        }
        raw.transferTo(OutputStream.nullOutputStream());
        facts.put("size", counted.getCount()).put("sha256", Checksums.hex(sha256));
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

    /**
     * The object's bytes, remembering the first failure to read them (from its stream or a range), so that an
     * outage is told apart from content an extractor cannot read, whatever the extractor did with the exception.
     */
    private static final class Source extends FilterInputStream {

        private Exception failure;

        Source(InputStream object) {
            super(object);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw failed(e);
            } catch (RuntimeException e) {
                throw failed(e);
            }
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            try {
                return super.read(bytes, offset, length);
            } catch (IOException e) {
                throw failed(e);
            } catch (RuntimeException e) {
                throw failed(e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return super.skip(n);
            } catch (IOException e) {
                throw failed(e);
            } catch (RuntimeException e) {
                throw failed(e);
            }
        }

        /** Range reads within the object's size; one outside it is an extractor's error, not the source's. */
        Extractor.RangeReader ranges(Extractor.RangeReader ranges) {
            return Extractor.RangeReader.of(ranges.size(), (offset, length) -> {
                if (offset < 0 || length < 0 || offset > ranges.size() - length) {
                    throw new IllegalArgumentException("range of " + length + " bytes at offset " + offset
                            + " is outside the file's " + ranges.size() + " bytes");
                }
                byte[] bytes;
                try {
                    bytes = ranges.read(offset, length);
                } catch (IOException e) {
                    throw failed(e);
                } catch (RuntimeException e) {
                    throw failed(e);
                }
                if (bytes.length != length) {
                    throw failed(new EOFException("a range read of " + length + " bytes at offset " + offset
                            + " returned " + bytes.length + " (the object changed while it was read?)"));
                }
                return bytes;
            });
        }

        private <E extends Exception> E failed(E e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }

        void rethrowFailure() throws IOException {
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
        }
    }
}
