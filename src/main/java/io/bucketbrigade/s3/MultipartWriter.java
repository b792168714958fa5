package io.bucketbrigade.s3;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.bucketbrigade.checksum.Checksums;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Writes a stream of unknown length to S3 with a heap that does not grow with the object: at most one part is held
 * in memory. An object that fits in one part is one PutObject; a larger one is a multipart upload. Nothing is
 * visible in the bucket until {@link #commit}; {@link #abort} leaves nothing behind.
 *
 * <p>The key is asked for only when the first part is sent (or at commit), so that it may depend on what was
 * read from the content by then (e.g. an MRC header). The user metadata, which may hold checksums of the whole
 * stream, is set at commit: on the PutObject, or after a multipart upload by a server-side copy onto itself.
 *
 * <p>Every request carries the SHA-256 of its bytes ({@code x-amz-checksum-sha256}), so S3 refuses bytes that
 * arrive different from what was sent: the PutObject the object's, each UploadPart its part's. {@link #sha256()}
 * is the SHA-256 of everything written.
 */
public class MultipartWriter extends ObjectSink {

    private static final int INITIAL_BUFFER = 64 * 1024;

    private final S3Client s3;
    private final ObjectCopier copier;
    private final String bucket;
    private final Supplier<String> keySupplier;
    private final int partSize;
    private final String contentType;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    private int buffered;
    private long written;
    private String key;
    private String uploadId;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final MessageDigest sha256 = Checksums.sha256();
    private String objectSha256;
    private boolean finished;

    public MultipartWriter(S3Client s3, ObjectCopier copier, String bucket, Supplier<String> keySupplier,
            int partSize, String contentType) {
        if (partSize < 5 * 1024 * 1024) {
            throw new IllegalArgumentException("parts must be at least 5 MiB (S3's minimum), not " + partSize);
        }
        this.s3 = s3;
        this.copier = copier;
        this.bucket = bucket;
        this.keySupplier = keySupplier;
        this.partSize = partSize;
        this.contentType = contentType;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (finished) {
            throw new IOException("the upload is already committed or aborted");
        }
        while (length > 0) {
            if (buffered == buffer.length) {
                if (buffer.length < partSize) {
                    buffer = Arrays.copyOf(buffer, Math.min(partSize, buffer.length * 2));
                } else {
                    sendPart();
                }
            }
            int n = Math.min(length, buffer.length - buffered);
            System.arraycopy(bytes, offset, buffer, buffered, n);
            sha256.update(bytes, offset, n);
            buffered += n;
            offset += n;
            length -= n;
            written += n;
        }
    }

    /** Bytes written so far. */
    public long size() {
        return written;
    }

    /** The SHA-256 (hex) of every byte written; asked once writing is done. */
    public String sha256() {
        if (objectSha256 == null) {
            objectSha256 = Checksums.hex(sha256);
        }
        return objectSha256;
    }

    @Override
    public StoredObject commit(Map<String, String> metadata) {
        finished = true;
        if (uploadId == null) {
            key = keySupplier.get();
            String checksum = Checksums.s3Sha256(sha256());
            String eTag = s3.putObject(p -> p.bucket(bucket).key(key).metadata(metadata).contentType(contentType)
                    .checksumSHA256(checksum), body()).eTag();
            buffer = null;
            return new StoredObject(bucket, key, eTag, written);
        }
        try {
            if (buffered > 0) {
                sendPart();
            }
            buffer = null;
            s3.completeMultipartUpload(c -> c.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
        StoredObject stored = copier.replaceMetadata(bucket, key, metadata);
        return new StoredObject(bucket, key, stored.eTag(), written);
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public void abort() {
        finished = true;
        buffer = null;
        if (uploadId != null) {
            String id = uploadId;
            uploadId = null;
            s3.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(id));
        }
    }

    /** The buffered bytes, without a copy (the SDK may read them more than once when it retries). */
    private RequestBody body() {
        byte[] bytes = buffer;
        int length = buffered;
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                contentType == null ? "application/octet-stream" : contentType);
    }

    private void sendPart() {
        if (uploadId == null) {
            key = keySupplier.get();
            uploadId = s3.createMultipartUpload(c -> c.bucket(bucket).key(key).contentType(contentType)
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256)).uploadId();
        }
        int number = parts.size() + 1;
        MessageDigest part = Checksums.sha256();
        part.update(buffer, 0, buffered);
        String checksum = Checksums.s3Sha256(Checksums.hex(part));
        String eTag = s3.uploadPart(u -> u.bucket(bucket).key(key).uploadId(uploadId).partNumber(number)
                        .contentLength((long) buffered).checksumSHA256(checksum),
                body()).eTag();
        parts.add(CompletedPart.builder().partNumber(number).eTag(eTag).checksumSHA256(checksum).build());
        buffered = 0;
    }
}
