package io.bucketbrigade.s3;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.bucketbrigade.checksum.Checksums;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Whether the S3 store computes the SHA-256 of the bytes it copies when a CopyObject asks for it, as AWS S3 does, or
 * only carries the source's stored checksum over, as S3Proxy 4.1 does. Where it computes, a copy is verified by the
 * checksum S3 stores (HeadObject with checksum mode on) instead of being read back.
 *
 * <p>Configured by {@code brigade.s3.copy-checksums}: {@code computed}, {@code carried}, or {@code auto} (the
 * default), which finds out once, on first use, by copying a small object that has no SHA-256 and asking the copy
 * for one (both objects under {@code .bucket-brigade/probe/} in the probe bucket, deleted at once). Until a probe
 * succeeds the answer is "carried": the reading path is always safe.
 */
public class CopyChecksums {

    private static final Logger LOG = LoggerFactory.getLogger(CopyChecksums.class);

    private final S3Client s3;
    private final String probeBucket;
    private volatile Boolean computed;

    /**
     * @param setting     {@code auto}, {@code computed} or {@code carried}
     * @param probeBucket where {@code auto} tries a copy (a bucket the server writes and no one lists for work)
     */
    public CopyChecksums(S3Client s3, String setting, String probeBucket) {
        this.s3 = s3;
        this.probeBucket = probeBucket;
        this.computed = switch (setting.toLowerCase(Locale.ROOT)) {
            case "auto" -> null;
            case "computed" -> true;
            case "carried" -> false;
            default -> throw new IllegalArgumentException("brigade.s3.copy-checksums is auto, computed or carried, not '"
                    + setting + "'");
        };
    }

    /** Whether a CopyObject asked for a SHA-256 stores one computed from the bytes it copied. */
    public boolean computed() {
        Boolean known = computed;
        if (known == null) {
            synchronized (this) {
                known = computed;
                if (known == null) {
                    known = probe();
                }
            }
        }
        return Boolean.TRUE.equals(known);
    }

    /**
     * The SHA-256 (hex) that S3 stores for the whole object, from a HeadObject with checksum mode on; empty when it
     * stores none (or only a checksum of a multipart upload's parts).
     */
    public Optional<StoredChecksum> stored(String bucket, String key) {
        return of(s3.headObject(h -> h.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED)));
    }

    /**
     * As {@link #stored(String, String)}, of the version with this ETag (quoted or not); empty also when the object
     * is gone or was replaced since.
     */
    public Optional<StoredChecksum> storedVersion(String bucket, String key, String eTag) {
        HeadObjectResponse head;
        try {
            head = s3.headObject(h -> h.bucket(bucket).key(key).ifMatch(ObjectHeads.quoted(eTag))
                    .checksumMode(ChecksumMode.ENABLED));
        } catch (S3Exception e) {
            if (ObjectHeads.goneOrReplaced(e)) {
                return Optional.empty();
            }
            throw e;
        }
        return of(head);
    }

    private static Optional<StoredChecksum> of(HeadObjectResponse head) {
        return Optional.ofNullable(Checksums.fromS3Sha256(head.checksumSHA256()))
                .map(sha256 -> new StoredChecksum(head.contentLength(), sha256));
    }

    /** An object's size and its SHA-256 as S3 stores them. */
    public record StoredChecksum(long size, String sha256) {}

    private Boolean probe() {
        String prefix = ".bucket-brigade/probe/" + UUID.randomUUID();
        String from = prefix + "/from";
        String to = prefix + "/to";
        byte[] body = prefix.getBytes(StandardCharsets.UTF_8);
        try {
            s3.putObject(p -> p.bucket(probeBucket).key(from), RequestBody.fromBytes(body));
            s3.copyObject(c -> c.sourceBucket(probeBucket).sourceKey(from).destinationBucket(probeBucket)
                    .destinationKey(to).checksumAlgorithm(ChecksumAlgorithm.SHA256));
            boolean result = stored(probeBucket, to).map(StoredChecksum::sha256)
                    .filter(Checksums.sha256Hex(body)::equals).isPresent();
            computed = result;
            LOG.info(result ? "S3 computes a SHA-256 when it copies: copies are verified by their stored checksum"
                    : "S3 does not compute a SHA-256 when it copies: copies are verified by reading them back");
            return result;
        } catch (RuntimeException e) {
            LOG.warn("Could not find out whether S3 computes checksums when it copies ({}); copies are read back to"
                    + " verify them until it answers", e.toString());
            return null;
        } finally {
            try {
                s3.deleteObjects(d -> d.bucket(probeBucket).delete(del -> del.objects(List.of(
                        ObjectIdentifier.builder().key(from).build(), ObjectIdentifier.builder().key(to).build()))));
            } catch (RuntimeException e) {
                LOG.debug("Deleting the checksum probe under s3://{}/{} failed", probeBucket, prefix, e);
            }
        }
    }
}
