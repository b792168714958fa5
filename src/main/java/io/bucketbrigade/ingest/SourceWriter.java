package io.bucketbrigade.ingest;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

import io.bucketbrigade.checksum.Checksums;
import io.bucketbrigade.config.BrigadeProperties;
import io.bucketbrigade.formats.Gzip;
import io.bucketbrigade.ingest.content.ContentCheck;
import io.bucketbrigade.ingest.content.ContentChecks;
import io.bucketbrigade.ingest.content.ContentRejectedException;
import io.bucketbrigade.profiles.Classification;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.ObjectLedger;
import io.bucketbrigade.s3.CopyChecksums;
import io.bucketbrigade.s3.MultipartWriter;
import io.bucketbrigade.s3.ObjectCopier;
import io.bucketbrigade.s3.ObjectHeads;
import io.bucketbrigade.s3.ObjectSink;
import io.bucketbrigade.s3.ServerSideCopy;
import io.bucketbrigade.s3.StoredObject;
import org.apache.commons.io.input.BoundedInputStream;
import org.apache.commons.io.input.TeeInputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Streams one accepted object from original to source, reading it once: SHA-256, MD5 and size of the original
 * bytes, the profile's content checks (on the decompressed content when the file is gzipped, which also proves
 * the gzip whole), standardizing (gzip), SHA-256 of the bytes written, and the upload, all in one pass with one
 * part of memory. A content rule broken anywhere in the stream aborts the upload: nothing reaches source. The
 * original is only read, with If-Match on the event's ETag, so a newer upload is never mistaken for this one.
 *
 * <p>A file that needs no read (no content check, nothing to standardize, no gzip name to prove) and whose
 * depositor sent its SHA-256, which S3 checked on arrival and holds, is not read at all: S3 copies it to source.
 */
@Component("sourceWriter")
public class SourceWriter {

    private static final int CHUNK = 64 * 1024;

    private final S3Client s3;
    private final ObjectCopier copier;
    private final CopyChecksums storedChecksums;
    private final ContentChecks checks;
    private final String sourceBucket;
    private final int partSize;
    private final BiFunction<ObjectEvent, String, Optional<LedgerEntry>> recorded;
    private final Clock clock;

    @Autowired
    SourceWriter(S3Client s3, ObjectCopier copier, CopyChecksums storedChecksums, ContentChecks checks,
            BrigadeProperties names, IngestProperties properties, ObjectLedger ledger) {
        this(s3, copier, storedChecksums, checks, names.buckets().get("source"),
                (int) properties.partSize().toBytes(), (event, datasetId) -> ledger.find(datasetId, event.key()),
                Clock.systemUTC());
    }

    SourceWriter(S3Client s3, ObjectCopier copier, CopyChecksums storedChecksums, ContentChecks checks,
            String sourceBucket, int partSize, BiFunction<ObjectEvent, String, Optional<LedgerEntry>> recorded,
            Clock clock) {
        this.s3 = s3;
        this.copier = copier;
        this.storedChecksums = storedChecksums;
        this.checks = checks;
        this.sourceBucket = sourceBucket;
        this.partSize = partSize;
        this.recorded = recorded;
        this.clock = clock;
    }

    /**
     * Looks up the SHA-256 that S3 holds for the object's version as its depositor sent it (a HeadObject with
     * checksum mode on); the route copies the object unread when there is one. Only for a file that needs no read.
     */
    public IngestItem findDepositorSha256(IngestItem item) {
        ObjectEvent event = item.getEvent();
        storedChecksums.storedVersion(event.bucket(), event.key(), event.eTag())
                .ifPresent(item::markDepositorChecksum);
        return item;
    }

    /**
     * Has S3 copy the object to source without reading it: its SHA-256 is the one its depositor sent, which S3
     * checked when the bytes arrived. For a file that needs no read and whose depositor's SHA-256 S3 holds.
     */
    public IngestItem copyUnread(IngestItem item) {
        ObjectEvent event = item.getEvent();
        Classification.Accepted plan = item.plan();
        CopyChecksums.StoredChecksum original = item.getDepositorChecksum();
        if (original.size() == 0 && !plan.rule().mayBeEmpty()) {
            item.markRejected(emptyFile(plan));
            return item;
        }
        ObjectSink copy = new ServerSideCopy(copier, event.bucket(), event.key(), event.eTag(), original.size(),
                sourceBucket, targetKey(plan, new HashMap<>(), List.of()), contentType(plan.variables().get("file")));
        try {
            commit(item, copy, original.size(), original.sha256(), null, original.sha256(), null, Map.of(), false);
        } catch (S3Exception e) {
            skipGone(item, e);
        }
        return item;
    }

    /** Writes the item's object to source, or marks it rejected (content) or skipped (superseded). */
    public IngestItem write(IngestItem item) {
        ObjectEvent event = item.getEvent();
        Classification.Accepted plan = item.plan();
        try (ResponseInputStream<GetObjectResponse> in = open(event)) {
            if (in.response().contentLength() == 0 && !plan.rule().mayBeEmpty()) {
                item.markRejected(emptyFile(plan));
                return item;
            }
            copy(item, plan, in, in.response().contentLength());
        } catch (S3Exception e) {
            skipGone(item, e);
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + event.url() + " failed", e);
        }
        return item;
    }

    /** An original gone (404) or replaced (412, If-Match failed) since its event is skipped; other errors thrown. */
    private static void skipGone(IngestItem item, S3Exception e) {
        ObjectEvent event = item.getEvent();
        if (e instanceof NoSuchKeyException || e.statusCode() == 404) {
            item.markSkipped("the object no longer exists in " + event.bucket());
        } else if (ObjectHeads.replaced(e)) {
            item.markSkipped("superseded: the object was overwritten after this event (ETag is no longer "
                    + event.eTag() + ")");
        } else {
            throw e;
        }
    }

    private static Classification.Rejected emptyFile(Classification.Accepted plan) {
        return reject(plan, "empty-file", "The file is empty (0 bytes).");
    }

    private ResponseInputStream<GetObjectResponse> open(ObjectEvent event) {
        return s3.getObject(g -> g.bucket(event.bucket()).key(event.key()).ifMatch('"' + event.eTag() + '"'));
    }

    private void copy(IngestItem item, Classification.Accepted plan, InputStream object, long size)
            throws IOException {
        ObjectEvent event = item.getEvent();
        String fileName = plan.variables().get("file");
        MessageDigest originalSha256 = Checksums.sha256();
        MessageDigest originalMd5 = Checksums.md5();
        BoundedInputStream counted = BoundedInputStream.builder()
                .setInputStream(new DigestInputStream(new DigestInputStream(object, originalSha256), originalMd5))
                .get();
        BufferedInputStream raw = new BufferedInputStream(counted, CHUNK);
        int[] magic = firstTwoBytes(raw);
        boolean gzipped = Gzip.magic(magic[0], magic[1]);
        // the content decides, as Cellenics' file inspector does: a role stored gzipped takes a plain file named .gz
        // and compresses it; elsewhere a name that promises gzip must keep its promise
        if (fileName.toLowerCase(Locale.ROOT).endsWith(".gz") && !gzipped && !plan.gzip()) {
            item.markRejected(reject(plan, "not-gzip", String.format("%s ends in .gz but is not gzip: it starts"
                    + " with %02x %02x, not 1f 8b.", fileName, magic[0] & 0xff, magic[1] & 0xff)));
            return;
        }
        boolean compress = plan.gzip() && !gzipped;
        List<ContentCheck.Inspection> inspections = new ArrayList<>();
        plan.checks().forEach(name -> inspections.add(checks.get(name).start(fileName)));
        Map<String, String> found = new HashMap<>();
        Supplier<String> targetKey = targetKey(plan, found, inspections);
        String contentType = contentType(plan.gzip() || gzipped ? fileName + ".gz" : fileName);
        // bytes kept as they are, of more than one part: S3 copies them (the read only checks and checksums them);
        // otherwise they are written, one PutObject or a multipart upload
        MultipartWriter upload = compress || size <= partSize
                ? new MultipartWriter(s3, copier, sourceBucket, targetKey, partSize, contentType) : null;
        ObjectSink writer = upload != null ? upload : new ServerSideCopy(copier, event.bucket(), event.key(),
                event.eTag(), size, sourceBucket, targetKey, contentType);
        OutputStream rawSink = compress ? new GZIPOutputStream(CloseShieldOutputStream.wrap(writer), CHUNK) : writer;
        try {
            long contentBytes = 0;
            try (TeeInputStream tee = new TeeInputStream(raw, rawSink, false)) {
                InputStream content = gzipped ? new GZIPInputStream(tee, CHUNK) : tee;
                byte[] buffer = new byte[CHUNK];
                for (int n; (n = content.read(buffer)) != -1; contentBytes += n) {
                    for (ContentCheck.Inspection inspection : inspections) {
                        inspection.update(buffer, 0, n);
                    }
                }
                if (gzipped) {
                    tee.transferTo(OutputStream.nullOutputStream()); // whatever follows the last gzip member
                }
            }
            for (ContentCheck.Inspection inspection : inspections) {
                inspection.finish(contentBytes);
            }
            rawSink.close();
        } catch (ContentRejectedException e) {
            writer.abort();
            item.markRejected(reject(plan, e.rule(), e.getMessage()));
            return;
        } catch (ZipException | EOFException e) {
            writer.abort();
            item.markRejected(reject(plan, "corrupt-gzip", Gzip.problem(fileName, e)));
            return;
        } catch (IOException | RuntimeException e) {
            writer.abort();
            throw e;
        }
        String originalSha = Checksums.hex(originalSha256);
        // kept as it is: the original's; compressed: what the writer wrote
        commit(item, writer, counted.getCount(), originalSha, Checksums.hex(originalMd5),
                compress ? upload.sha256() : originalSha, compress ? "gzip" : null, collect(inspections, found), true);
    }

    /**
     * Commits the write (or has S3 make the copy) with the object's checksums in its metadata, unless a newer version
     * of the object was ingested meanwhile: the ledger is read once more, and the ledger write after the commit
     * starts from this read.
     */
    private void commit(IngestItem item, ObjectSink writer, long originalSize, String originalSha, String originalMd5,
            String writtenSha, String standardized, Map<String, String> found, boolean read) {
        ObjectEvent event = item.getEvent();
        Classification.Accepted plan = item.plan();
        Optional<LedgerEntry> current = recorded.apply(event, plan.datasetId());
        if (current.map(entry -> entry.newerThan(event.sequencer())).orElse(false)) {
            writer.abort();
            item.markSkipped("superseded: a newer version of the object was ingested meanwhile");
            return;
        }
        Map<String, String> metadata = metadata(event, plan, originalSha, writtenSha);
        StoredObject stored;
        try {
            stored = writer.commit(metadata);
        } catch (ContentRejectedException e) {
            // an object of one part asks for its key only now: one that would leave its dataset is refused here
            writer.abort();
            item.markRejected(reject(plan, e.rule(), e.getMessage()));
            return;
        }
        item.markCopied(new SourceCopy(stored, originalSize, originalSha, originalMd5, writtenSha, standardized,
                Map.copyOf(found), read, Collections.unmodifiableMap(metadata), writer.contentType()), current);
    }

    /** The target key in source, asked for at commit (given what the content checks found by then). */
    private static Supplier<String> targetKey(Classification.Accepted plan, Map<String, String> found,
            List<ContentCheck.Inspection> inspections) {
        return () -> KeyRules.requireWithinDataset(plan.datasetId(), plan.targetKey(collect(inspections, found)),
                plan.naming());
    }

    private static Map<String, String> collect(List<ContentCheck.Inspection> inspections, Map<String, String> into) {
        inspections.forEach(inspection -> into.putAll(inspection.found()));
        return into;
    }

    private Map<String, String> metadata(ObjectEvent event, Classification.Accepted plan, String originalSha256,
            String sha256) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("sha256", sha256);
        metadata.put("original-sha256", originalSha256);
        metadata.put("original-bucket", event.bucket());
        metadata.put("original-etag", event.eTag());
        metadata.put("upload-id", event.uploadId()); // travels with the object through every tier: its lineage
        metadata.put("ingested-at", clock.instant().toString());
        metadata.put("profile", plan.profile());
        metadata.put("role", plan.role());
        metadata.put("dataset-id", encode(plan.datasetId()));
        String key = encode(event.key());
        // S3 allows 2 KB of user metadata in all; a very long key is named by its hash instead
        int used = metadata.entrySet().stream().mapToInt(e -> e.getKey().length() + e.getValue().length()).sum();
        if (used + "original-key".length() + key.length() <= 2000) {
            metadata.put("original-key", key);
        } else {
            metadata.put("original-key-sha256", Checksums.sha256Hex(event.key()));
        }
        return metadata;
    }

    private static Classification.Rejected reject(Classification.Accepted plan, String rule, String message) {
        return new Classification.Rejected(plan.profile(), plan.datasetId(), rule, message);
    }

    /** The first two bytes, left in the stream (-1 for a byte past the end). */
    private static int[] firstTwoBytes(BufferedInputStream in) throws IOException {
        in.mark(2);
        int[] bytes = {in.read(), in.read()};
        in.reset();
        return bytes;
    }

    static String contentType(String fileName) {
        String name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".gz")) {
            return "application/gzip";
        }
        int dot = name.lastIndexOf('.');
        return switch (dot < 0 ? "" : name.substring(dot + 1)) {
            case "json" -> "application/json";
            case "csv" -> "text/csv";
            case "tsv" -> "text/tab-separated-values";
            case "txt", "mtx" -> "text/plain";
            case "yaml", "yml" -> "application/yaml";
            case "tif", "tiff" -> "image/tiff";
            case "png" -> "image/png";
            default -> "application/octet-stream";
        };
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("%2F", "/");
    }

}
