package io.bucketbrigade.ingest;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.bucketbrigade.ingest.content.ContentRejectedException;
import io.bucketbrigade.profiles.Classification;

/**
 * Naming rules every key must meet, whatever its profile (the Cell Painting Gallery's rules, which keep keys
 * portable across tools): at most 1,024 bytes; only ASCII letters, digits, {@code _}, {@code -}, {@code .} and
 * {@code /}; no empty, {@code .} or {@code ..} segments.
 */
public final class KeyRules {

    public static final int MAX_KEY_BYTES = 1024;

    private KeyRules() {
    }

    /**
     * The key a profile's template made for source, given values found in the file's content: it must stay under
     * its dataset's prefix and meet the same rules as a deposited key, whatever the content held.
     *
     * @throws ContentRejectedException (rule {@code target-outside-dataset}) otherwise
     */
    public static String requireWithinDataset(String datasetId, String targetKey) {
        Optional<Classification.Rejected> broken = check(targetKey);
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
        String[] segments = key.split("/", -1);
        for (String segment : segments) {
            if (segment.equals("..") || segment.equals(".")) {
                return reject("path-traversal", "The key has a '" + segment + "' segment; keys may not point at"
                        + " their own or a parent folder.");
            }
        }
        for (String segment : segments) {
            if (segment.isEmpty()) {
                return reject("empty-segment", "The key has an empty segment (a leading, trailing or double '/');"
                        + " every folder and file needs a name.");
            }
        }
        return Optional.empty();
    }

    /** Empty when the key is acceptable; otherwise the first rule it breaks, with a message for the curator. */
    public static Optional<Classification.Rejected> check(String key) {
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            return reject("key-too-long", "The key is " + bytes + " bytes long; keys may be at most " + MAX_KEY_BYTES
                    + " bytes (UTF-8).");
        }
        for (int i = 0; i < key.length(); ) {
            int c = key.codePointAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                return reject("whitespace", "The key contains whitespace (" + describe(c) + " at position " + i
                        + "); names may not contain spaces, tabs or line breaks: use '_' or '-' instead.");
            }
            if (c > 0x7f) {
                return reject("non-ascii-character", "The key contains " + describe(c) + " at position " + i
                        + "; names may use only ASCII letters, digits, '_', '-', '.' and '/'.");
            }
            if (!(Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '/')) {
                return reject("special-character", "The key contains " + describe(c) + " at position " + i
                        + "; names may use only letters, digits, '_', '-', '.' and '/'.");
            }
            i += Character.charCount(c);
        }
        return checkSegments(key);
    }

    private static Optional<Classification.Rejected> reject(String rule, String message) {
        return Optional.of(new Classification.Rejected(null, null, rule, message));
    }

    private static String describe(int c) {
        String name = Character.getName(c);
        return String.format("'%s' (U+%04X%s)", c < 0x20 || c == 0x7f ? "" : new String(Character.toChars(c)), c,
                name == null ? "" : " " + name);
    }
}
