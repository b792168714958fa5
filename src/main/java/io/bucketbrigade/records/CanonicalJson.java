package io.bucketbrigade.records;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The one way this server writes JSON files to S3 (sidecars, core schema files, metadata records): keys sorted,
 * indented, a final newline. The same content always gives the same bytes, so comparing checksums (or an ETag,
 * the MD5 of a single-part upload) tells whether a file must be written again.
 */
public final class CanonicalJson {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private CanonicalJson() {
    }

    public static byte[] bytes(Object content) {
        try {
            return (JSON.writeValueAsString(content) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Not JSON: " + e.getMessage(), e);
        }
    }

    public static String sha256(byte[] bytes) {
        return hex("SHA-256", bytes);
    }

    public static String md5(byte[] bytes) {
        return hex("MD5", bytes);
    }

    private static String hex(String algorithm, byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
