package io.bucketbrigade.localstack;

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * S3Proxy's filesystem store writes an object to a temporary file, {@code <key>-<random UUID>} beside the key, and
 * renames it once complete; its listings show that file meanwhile, ETag and all once the attributes are written
 * (a TODO in its putBlob). S3 lists only complete objects. This store hides, from ListObjectsV2, each
 * {@code <key>-<UUID>} whose key was being written (put, copied to, or a multipart upload completed) at some moment
 * of the listing: still written when the listing ends, or finished after it began. A real object so named is
 * hidden only from a listing made while its shorter namesake is written.
 */
final class CompleteObjectsOnly extends ForwardingBlobStore {

    private static final Pattern TEMPORARY =
            Pattern.compile("(.+)-\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");
    private static final int UUID_LENGTH = 36;
    /** How long a finished write is remembered: longer than any listing takes. */
    private static final long REMEMBERED_NANOS = 60_000_000_000L;
    private static final long FORGET_EVERY_NANOS = 1_000_000_000L;

    /** The writes of a key: how many are in progress, and when the last one finished (System.nanoTime). */
    private record Writes(int inProgress, long lastFinished) {
    }

    /** By bucket and key ("bucket/key"). */
    private final Map<String, Writes> writes = new ConcurrentHashMap<>();
    private volatile long lastForgotten = System.nanoTime();

    CompleteObjectsOnly(BlobStore store) {
        super(store);
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
        return written(request.bucket(), request.key(), () -> super.putBlob(request, payload));
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        return written(request.destinationBucket(), request.destinationKey(), () -> super.copyBlob(request));
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
            CompleteMultipartUploadRequest request) {
        return written(upload.containerName(), upload.blobName(),
                () -> super.completeMultipartUpload(upload, request));
    }

    @Override
    public ListObjectsV2Response list(ListObjectsV2Request request) {
        long began = System.nanoTime();
        ListObjectsV2Response listed = super.list(request);
        List<S3Object> complete = listed.contents().stream()
                .filter(object -> !temporary(request.bucket(), object.key(), began)).toList();
        if (complete.size() == listed.contents().size()) {
            return listed;
        }
        return listed.toBuilder().contents(complete)
                .keyCount(complete.size() + (listed.hasCommonPrefixes() ? listed.commonPrefixes().size() : 0))
                .build();
    }

    private <T> T written(String bucket, String key, Supplier<T> write) {
        String id = bucket + "/" + key;
        writes.compute(id, (k, w) -> w == null ? new Writes(1, 0) : new Writes(w.inProgress() + 1, w.lastFinished()));
        try {
            return write.get();
        } finally {
            long now = System.nanoTime();
            writes.compute(id, (k, w) -> new Writes(w.inProgress() - 1, now));
            if (now - lastForgotten > FORGET_EVERY_NANOS) {
                lastForgotten = now;
                writes.values().removeIf(w -> w.inProgress() == 0 && now - w.lastFinished() > REMEMBERED_NANOS);
            }
        }
    }

    /** A key written at some moment since the listing began. */
    private boolean temporary(String bucket, String key, long listingBegan) {
        if (writes.isEmpty() || key.length() <= UUID_LENGTH + 1 || key.charAt(key.length() - UUID_LENGTH - 1) != '-') {
            return false; // most keys of a listing, cheaply
        }
        Matcher name = TEMPORARY.matcher(key);
        if (!name.matches()) {
            return false;
        }
        Writes written = writes.get(bucket + "/" + name.group(1));
        return written != null && (written.inProgress() > 0 || written.lastFinished() - listingBegan >= 0);
    }
}
