package io.bucketbrigade.s3;

import java.util.Optional;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** HeadObject where "not there" is an answer, not an error. */
public final class ObjectHeads {

    private ObjectHeads() {
    }

    /** The object's head, or empty when there is no object at the key (404); other errors are thrown. */
    public static Optional<HeadObjectResponse> find(S3Client s3, String bucket, String key) {
        try {
            return Optional.of(s3.headObject(h -> h.bucket(bucket).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The head of the object if it is still the version with this ETag, or empty when it is gone (404) or was
     * replaced (412, If-Match failed).
     */
    public static Optional<HeadObjectResponse> findVersion(S3Client s3, String bucket, String key, String eTag) {
        try {
            return Optional.of(s3.headObject(h -> h.bucket(bucket).key(key).ifMatch(quoted(eTag))));
        } catch (S3Exception e) {
            if (goneOrReplaced(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** S3's refusal of a request made on condition of an ETag (If-Match) whose version was replaced since: 412. */
    public static boolean replaced(S3Exception e) {
        return e.statusCode() == 412;
    }

    /** The object of a request made on condition of an ETag is gone (404) or was replaced (412) since. */
    public static boolean goneOrReplaced(S3Exception e) {
        return e.statusCode() == 404 || replaced(e);
    }

    /** An ETag as If-Match takes it: quoted (S3 quotes ETags; listings and events may not). */
    public static String quoted(String eTag) {
        return eTag.startsWith("\"") ? eTag : '"' + eTag + '"';
    }

    /** Whether two ETags name the same version, quoted or not (S3 quotes them; listings and events may not). */
    public static boolean sameETag(String one, String other) {
        return one != null && other != null && one.replace("\"", "").equals(other.replace("\"", ""));
    }
}
