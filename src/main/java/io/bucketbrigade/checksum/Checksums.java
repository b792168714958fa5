package io.bucketbrigade.checksum;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * SHA-256 (and MD5, which S3 ETags use) as lowercase hex: the one place the server makes digests, for object
 * checksums, file versions, ids and keys alike.
 */
public final class Checksums {

    private Checksums() {
    }

    /** A new SHA-256 digest, to feed a stream through. */
    public static MessageDigest sha256() {
        return digest("SHA-256");
    }

    /** A new MD5 digest, to feed a stream through. */
    public static MessageDigest md5() {
        return digest("MD5");
    }

    /** Completes the digest and gives it in hex. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    /** SHA-256 of the text's UTF-8 bytes. */
    public static String sha256Hex(String text) {
        return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }

    public static String md5Hex(byte[] bytes) {
        return HexFormat.of().formatHex(md5().digest(bytes));
    }

    /**
     * A SHA-256 in hex as S3 takes and gives it in {@code x-amz-checksum-sha256} (the digest's bytes in base64), or
     * null for null.
     */
    public static String s3Sha256(String hex) {
        return hex == null ? null : Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }

    /**
     * The SHA-256 of a whole object in hex, from S3's {@code x-amz-checksum-sha256}; null when S3 gave none or gave
     * a checksum of the parts' checksums (a multipart upload's {@code …-N}), which is not the object's SHA-256.
     */
    public static String fromS3Sha256(String base64) {
        if (base64 == null || base64.contains("-")) {
            return null;
        }
        byte[] digest = Base64.getDecoder().decode(base64);
        return digest.length == 32 ? HexFormat.of().formatHex(digest) : null;
    }

    /** The first 128 bits of the SHA-256 of the text's UTF-8 bytes (32 hex digits): a short stable id. */
    public static String shortSha256Hex(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has " + algorithm, e);
        }
    }
}
