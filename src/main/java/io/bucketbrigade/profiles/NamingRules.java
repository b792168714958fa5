package io.bucketbrigade.profiles;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The naming rules of one profile's keys (its {@code naming} setting): at most {@code maxKeyBytes} bytes (UTF-8),
 * every character in {@code characters} (a regular expression character class), and always no empty, {@code .} or
 * {@code ..} segments. A character outside the class is refused as {@code whitespace}, {@code non-ascii-character}
 * or {@code special-character}, saying which character and where.
 *
 * @param characters the character class every character of a key must match, e.g. {@code [A-Za-z0-9_./-]}
 */
public record NamingRules(Pattern characters, int maxKeyBytes) {

    /** S3's limit on a key. */
    public static final int MAX_KEY_BYTES = 1024;

    /**
     * The Cell Painting Gallery's rules, which keep keys portable across tools: ASCII letters, digits, {@code _},
     * {@code -}, {@code .} and {@code /}. Keys no profile takes are held to them.
     */
    public static final NamingRules PORTABLE = new NamingRules(Pattern.compile("[A-Za-z0-9_./-]"), MAX_KEY_BYTES);

    /** Empty when the key is acceptable; otherwise the first rule it breaks, with a message for the curator. */
    public Optional<Classification.Rejected> check(String key) {
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxKeyBytes) {
            return reject("key-too-long", "The key is " + bytes + " bytes long; keys may be at most " + maxKeyBytes
                    + " bytes (UTF-8).");
        }
        for (int i = 0; i < key.length(); ) {
            int c = key.codePointAt(i);
            if (!characters.matcher(new String(Character.toChars(c))).matches()) {
                String allowed = "; names may use only the characters " + characters.pattern() + ".";
                if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                    return reject("whitespace", "The key contains whitespace (" + describe(c) + " at position " + i
                            + ")" + allowed + " Use '_' or '-' instead.");
                }
                if (c > 0x7f) {
                    return reject("non-ascii-character", "The key contains " + describe(c) + " at position " + i
                            + allowed);
                }
                return reject("special-character", "The key contains " + describe(c) + " at position " + i
                        + allowed);
            }
            i += Character.charCount(c);
        }
        return checkSegments(key);
    }

    /**
     * The rules that keep a key under its prefix once copied to a file system ({@code path-traversal},
     * {@code empty-segment}), which hold whatever a profile's characters are.
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

    private static Optional<Classification.Rejected> reject(String rule, String message) {
        return Optional.of(new Classification.Rejected(null, null, rule, message));
    }

    private static String describe(int c) {
        String name = Character.getName(c);
        return String.format("'%s' (U+%04X%s)", c < 0x20 || c == 0x7f ? "" : new String(Character.toChars(c)), c,
                name == null ? "" : " " + name);
    }
}
