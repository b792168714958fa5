package io.bucketbrigade.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;

import io.bucketbrigade.checksum.Checksums;
import software.amazon.awssdk.services.s3.S3Client;

/** The size and SHA-256 of an object as stored, read as a stream. */
public record ObjectDigest(long size, String sha256) {

    public static ObjectDigest of(S3Client s3, String bucket, String key) {
        try (InputStream in = s3.getObject(g -> g.bucket(bucket).key(key))) {
            MessageDigest digest = Checksums.sha256();
            byte[] buffer = new byte[1024 * 1024];
            long size = 0;
            for (int n; (n = in.read(buffer)) != -1; size += n) {
                digest.update(buffer, 0, n);
            }
            return new ObjectDigest(size, Checksums.hex(digest));
        } catch (IOException e) {
            throw new UncheckedIOException("Reading s3://" + bucket + "/" + key + " failed", e);
        }
    }
}
