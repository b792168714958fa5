package io.bucketbrigade.ingest;

import java.util.Optional;

import io.bucketbrigade.ingest.content.ContentRejectedException;
import io.bucketbrigade.profiles.Classification;
import io.bucketbrigade.profiles.NamingRules;

/**
 * Naming rules of keys. Each profile declares its own ({@code naming}, see {@link NamingRules}) and checks them when
 * it classifies a key; keys no profile takes, and keys made for source without a profile's rules, are held to the
 * portable rules (the Cell Painting Gallery's): at most 1,024 bytes; only ASCII letters, digits, {@code _},
 * {@code -}, {@code .} and {@code /}; no empty, {@code .} or {@code ..} segments.
 */
public final class KeyRules {

    public static final int MAX_KEY_BYTES = NamingRules.MAX_KEY_BYTES;

    private KeyRules() {
    }

    /**
     * The key a profile's template made for source, given values found in the file's content: it must stay under
     * its dataset's prefix and meet the same rules as a deposited key, whatever the content held.
     *
     * @throws ContentRejectedException (rule {@code target-outside-dataset}) otherwise
     */
    public static String requireWithinDataset(String datasetId, String targetKey) {
        return requireWithinDataset(datasetId, targetKey, NamingRules.PORTABLE);
    }

    /** As {@link #requireWithinDataset(String, String)}, with the naming rules of the file's profile. */
    public static String requireWithinDataset(String datasetId, String targetKey, NamingRules naming) {
        Optional<Classification.Rejected> broken = naming.check(targetKey);
        if (!targetKey.startsWith(datasetId + "/") || broken.isPresent()) {
            throw new ContentRejectedException("target-outside-dataset", "The key made for source, '" + targetKey
                    + "', would not be a plain key under the dataset's prefix '" + datasetId + "/'"
                    + broken.map(r -> " (" + r.message() + ")").orElse("") + "; check the file's content and its"
                    + " profile's target template.");
        }
        return targetKey;
    }

    /**
     * The rules that keep a key under its prefix once copied to a file system ({@code path-traversal},
     * {@code empty-segment}), for keys other tools write (their other characters are theirs to choose).
     */
    public static Optional<Classification.Rejected> checkSegments(String key) {
        return NamingRules.checkSegments(key);
    }

    /** The portable rules (keys no profile takes): empty when the key meets them, else the first it breaks. */
    public static Optional<Classification.Rejected> check(String key) {
        return NamingRules.PORTABLE.check(key);
    }
}
