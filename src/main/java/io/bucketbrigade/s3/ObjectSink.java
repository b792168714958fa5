package io.bucketbrigade.s3;

import java.io.OutputStream;
import java.util.Map;

/**
 * Where a stream of bytes becomes one S3 object: nothing is visible in the bucket until {@link #commit}, and
 * {@link #abort} leaves nothing behind.
 */
public abstract class ObjectSink extends OutputStream {

    /** Makes the object visible at its key with this user metadata; returns what was stored. */
    public abstract StoredObject commit(Map<String, String> metadata);

    /** The Content-Type the object is stored with. */
    public abstract String contentType();

    /** Discards everything written; safe to call more than once. */
    public abstract void abort();
}
