package io.bucketbrigade.s3;

/** An object as written: where, its ETag and its size. */
public record StoredObject(String bucket, String key, String eTag, long size) {

    public String url() {
        return "s3://" + bucket + "/" + key;
    }
}
