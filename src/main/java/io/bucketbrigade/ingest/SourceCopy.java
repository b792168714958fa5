package io.bucketbrigade.ingest;

import java.util.Map;

import io.bucketbrigade.s3.StoredObject;

/**
 * An object streamed from original to source.
 *
 * @param target         the object written to source
 * @param originalSize   bytes read from original
 * @param originalSha256 SHA-256 of the bytes read
 * @param originalMd5    MD5 of the bytes read
 * @param sha256         SHA-256 of the bytes written (equal to {@code originalSha256} unless standardized)
 * @param standardized   what standardizing changed (e.g. "gzip"), or null
 * @param found          what content checks found (e.g. voxelSpacing)
 */
public record SourceCopy(StoredObject target, long originalSize, String originalSha256, String originalMd5,
        String sha256, String standardized, Map<String, String> found) {
}
