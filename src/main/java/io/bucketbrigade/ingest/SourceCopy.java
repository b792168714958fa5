package io.bucketbrigade.ingest;

import java.util.Map;

import io.bucketbrigade.s3.StoredObject;

/**
 * An object streamed from original to source.
 *
 * @param target         the object written to source
 * @param originalSize   bytes read from original
 * @param originalSha256 SHA-256 of the bytes read, or of the bytes the depositor sent as S3 holds it when not read
 * @param originalMd5    MD5 of the bytes read, or null when they were not read
 * @param sha256         SHA-256 of the bytes written (equal to {@code originalSha256} unless standardized)
 * @param standardized   what standardizing changed (e.g. "gzip"), or null
 * @param found          what content checks found (e.g. voxelSpacing)
 * @param read           whether the server read the bytes (false: S3 copied them, with the depositor's SHA-256)
 * @param metadata       the user metadata it is stored with in source
 * @param contentType    the Content-Type it is stored with in source
 */
public record SourceCopy(StoredObject target, long originalSize, String originalSha256, String originalMd5,
        String sha256, String standardized, Map<String, String> found, boolean read, Map<String, String> metadata,
        String contentType) {
}
