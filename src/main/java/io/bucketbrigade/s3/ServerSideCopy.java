package io.bucketbrigade.s3;

import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The sink of a stream whose bytes are those of an object already in S3, unchanged: they are only counted, and
 * {@link #commit} has S3 copy the object itself (one CopyObject, or UploadPartCopy above 5 GiB), provided it still
 * has the ETag the bytes were read at. Nothing passes through this server twice; a copy committed with nothing
 * written is one whose bytes were not read at all.
 */
public class ServerSideCopy extends ObjectSink {

    private final ObjectCopier copier;
    private final String sourceBucket;
    private final String sourceKey;
    private final String sourceETag;
    private final long size;
    private final String bucket;
    private final Supplier<String> keySupplier;
    private final String contentType;
    private boolean finished;

    /**
     * @param sourceETag  the ETag of the version whose bytes are written (quoted or not)
     * @param size        the size of that version
     * @param keySupplier the target key, asked for at commit
     */
    public ServerSideCopy(ObjectCopier copier, String sourceBucket, String sourceKey, String sourceETag, long size,
            String bucket, Supplier<String> keySupplier, String contentType) {
        this.copier = copier;
        this.sourceBucket = sourceBucket;
        this.sourceKey = sourceKey;
        this.sourceETag = sourceETag;
        this.size = size;
        this.bucket = bucket;
        this.keySupplier = keySupplier;
        this.contentType = contentType;
    }

    @Override
    public void write(int b) throws IOException {
        check();
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        check();
    }

    @Override
    public StoredObject commit(Map<String, String> metadata) {
        finished = true;
        return copier.copyVersion(sourceBucket, sourceKey, sourceETag, size, bucket, keySupplier.get(), metadata,
                contentType);
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public void abort() {
        finished = true; // nothing was written
    }

    private void check() throws IOException {
        if (finished) {
            throw new IOException("the copy is already committed or aborted");
        }
    }
}
