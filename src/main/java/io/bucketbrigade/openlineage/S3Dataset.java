package io.bucketbrigade.openlineage;

/**
 * An S3 object, or a prefix (a published version), as OpenLineage names it: namespace {@code s3://<bucket>}, name
 * the key or the prefix without its trailing slash.
 *
 * @param sha256 the content's SHA-256 (hex), null where not known yet
 * @param size   bytes (of every object under a prefix), null where not known
 */
public record S3Dataset(String bucket, String key, String sha256, Long size) {

    public String namespace() {
        return "s3://" + bucket;
    }

    public String name() {
        return key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
    }
}
