package io.bucketbrigade.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/**
 * Server-side copies of any size: one CopyObject up to the single-copy limit (5 GiB on S3), UploadPartCopy in
 * parts above it. The bytes never pass through this server. A single copy asks S3 for the SHA-256 of what it
 * copied where S3 computes one ({@link CopyChecksums}: AWS does, from the bytes it copies). Also sets an object's metadata after the fact (a copy
 * onto itself), which S3 allows only through a copy.
 */
public class ObjectCopier {

    /** The largest object a single CopyObject may copy on S3. */
    public static final long SINGLE_COPY_LIMIT = 5L * 1024 * 1024 * 1024;

    private final S3Client s3;
    private final long singleCopyLimit;
    private final long copyPartSize;
    private final CopyChecksums copyChecksums;

    public ObjectCopier(S3Client s3, long singleCopyLimit, long copyPartSize) {
        this(s3, singleCopyLimit, copyPartSize, null);
    }

    /**
     * @param copyChecksums whether the store computes a copy's SHA-256 when asked: a single copy asks only where it
     *                      does (asking S3Proxy costs it a read of the object and stores nothing); null: never asks
     */
    public ObjectCopier(S3Client s3, long singleCopyLimit, long copyPartSize, CopyChecksums copyChecksums) {
        if (copyPartSize < 5L * 1024 * 1024) {
            throw new IllegalArgumentException("copy parts must be at least 5 MiB, not " + copyPartSize);
        }
        this.s3 = s3;
        this.singleCopyLimit = singleCopyLimit;
        this.copyPartSize = copyPartSize;
        this.copyChecksums = copyChecksums;
    }

    /**
     * Copies {@code source} to {@code targetBucket}/{@code targetKey}.
     *
     * @param metadata the target's user metadata, made from the source's
     * @param ifMatch  the source ETag the copy requires (null: any)
     */
    public StoredObject copy(String sourceBucket, String sourceKey, String targetBucket, String targetKey,
            UnaryOperator<Map<String, String>> metadata, String ifMatch) {
        return copy(sourceBucket, sourceKey, targetBucket, targetKey, metadata, ifMatch, null);
    }

    /**
     * As {@link #copy(String, String, String, String, UnaryOperator, String)}, with the target's content type
     * ({@code null}: the source's).
     */
    public StoredObject copy(String sourceBucket, String sourceKey, String targetBucket, String targetKey,
            UnaryOperator<Map<String, String>> metadata, String ifMatch, String targetContentType) {
        return copy(sourceBucket, sourceKey, targetBucket, targetKey, metadata, ifMatch, targetContentType, null);
    }

    /**
     * As {@link #copy(String, String, String, String, UnaryOperator, String, String)}, with the target's object
     * tags ({@code key=value&…}, URL-encoded; {@code null}: none set, a single copy keeps the source's).
     */
    public StoredObject copy(String sourceBucket, String sourceKey, String targetBucket, String targetKey,
            UnaryOperator<Map<String, String>> metadata, String ifMatch, String targetContentType, String tagging) {
        HeadObjectResponse head = s3.headObject(h -> h.bucket(sourceBucket).key(sourceKey).ifMatch(ifMatch));
        return copy(sourceBucket, sourceKey, head.eTag(), head.contentLength(), targetBucket, targetKey,
                metadata.apply(head.metadata()), targetContentType != null ? targetContentType : head.contentType(),
                tagging);
    }

    /**
     * Copies the version of {@code source} with this ETag and size, known already (from its event or a read), so
     * that no HeadObject is needed: the target gets exactly {@code metadata} and {@code contentType}.
     */
    public StoredObject copyVersion(String sourceBucket, String sourceKey, String sourceETag, long size,
            String targetBucket, String targetKey, Map<String, String> metadata, String contentType) {
        return copy(sourceBucket, sourceKey, ObjectHeads.quoted(sourceETag), size, targetBucket, targetKey, metadata,
                contentType, null);
    }

    private StoredObject copy(String sourceBucket, String sourceKey, String sourceETag, long size,
            String targetBucket, String targetKey, Map<String, String> targetMetadata, String contentType,
            String tagging) {
        if (size <= singleCopyLimit) {
            ChecksumAlgorithm checksum = copyChecksums != null && copyChecksums.computed()
                    ? ChecksumAlgorithm.SHA256 : null;
            String eTag = s3.copyObject(c -> c.sourceBucket(sourceBucket).sourceKey(sourceKey)
                    .destinationBucket(targetBucket).destinationKey(targetKey)
                    .copySourceIfMatch(sourceETag).checksumAlgorithm(checksum)
                    .metadataDirective(MetadataDirective.REPLACE).metadata(targetMetadata)
                    .taggingDirective(tagging == null ? null : TaggingDirective.REPLACE).tagging(tagging)
                    .contentType(contentType))
                    .copyObjectResult().eTag();
            return new StoredObject(targetBucket, targetKey, eTag, size);
        }
        String uploadId = s3.createMultipartUpload(c -> c.bucket(targetBucket).key(targetKey)
                .metadata(targetMetadata).contentType(contentType).tagging(tagging)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            int number = 1;
            for (long from = 0; from < size; from += copyPartSize, number++) {
                String range = "bytes=" + from + "-" + (Math.min(from + copyPartSize, size) - 1);
                int partNumber = number;
                String partETag = s3.uploadPartCopy(u -> u.sourceBucket(sourceBucket).sourceKey(sourceKey)
                        .copySourceIfMatch(sourceETag).copySourceRange(range)
                        .destinationBucket(targetBucket).destinationKey(targetKey)
                        .uploadId(uploadId).partNumber(partNumber))
                        .copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(partNumber).eTag(partETag).build());
            }
            String eTag = s3.completeMultipartUpload(c -> c.bucket(targetBucket).key(targetKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts))).eTag();
            return new StoredObject(targetBucket, targetKey, eTag, size);
        } catch (RuntimeException e) {
            abortQuietly(targetBucket, targetKey, uploadId, e);
            throw e;
        }
    }

    /** Replaces the user metadata of an object (a copy onto itself). */
    public StoredObject replaceMetadata(String bucket, String key, Map<String, String> metadata) {
        return copy(bucket, key, bucket, key, ignored -> metadata, null);
    }

    private void abortQuietly(String bucket, String key, String uploadId, RuntimeException cause) {
        try {
            s3.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
