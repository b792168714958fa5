package io.bucketbrigade.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Bad input generated from valid seeds, for property-based tests of the readers of depositor bytes: each case is a
 * seed (sometimes as it is) with a few mutations applied: bits flipped, bytes overwritten, the content truncated,
 * huge numbers written in (as text and as 32-bit integers), a slice copied over another (offsets that point back,
 * so cycles), deep nesting inserted, the magic bytes replaced, a slice repeated.
 */
public final class Mutations {

    private static final byte[][] HUGE = {
        utf8("99999999999999999999999"), utf8("-1"), utf8("9223372036854775807"), utf8("4294967295"),
        utf8("1e308"), utf8("NaN"), {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}, {0, 0, 0, (byte) 0x80}, {(byte) 0xff, (byte) 0xff}};
    private static final String[] OPENERS = {"[", "{\"a\":", "- ", "  ", "(", "\""};

    private Mutations() {
    }

    /** Cases from these seeds, each mutated zero to eight times. */
    public static Arbitrary<byte[]> of(List<byte[]> seeds) {
        return Combinators.combine(Arbitraries.of(seeds), Arbitraries.longs(), Arbitraries.integers().between(0, 8))
                .as((seed, random, mutations) -> mutate(seed, new Random(random), mutations));
    }

    /** Cases from these text seeds. */
    public static Arbitrary<String> ofText(List<String> seeds) {
        return of(seeds.stream().map(Mutations::utf8).toList()).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    static byte[] mutate(byte[] seed, Random random, int mutations) {
        byte[] bytes = seed.clone();
        for (int i = 0; i < mutations; i++) {
            bytes = once(bytes, random);
        }
        return bytes;
    }

    private static byte[] once(byte[] bytes, Random random) {
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        switch (random.nextInt(9)) {
            case 0 -> { // a bit flipped
                if (bytes.length > 0) {
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> { // a byte overwritten
                if (bytes.length > 0) {
                    bytes[at] = (byte) random.nextInt(256);
                }
            }
            case 2 -> bytes = Arrays.copyOf(bytes, at); // truncated
            case 3 -> bytes = insert(bytes, at, HUGE[random.nextInt(HUGE.length)], random.nextBoolean());
            case 4 -> { // four bytes copied from one place to another: an offset pointing back, a loop
                if (bytes.length >= 8) {
                    int from = random.nextInt(bytes.length - 4);
                    int to = random.nextInt(bytes.length - 4);
                    System.arraycopy(bytes, from, bytes, to, 4);
                }
            }
            case 5 -> { // deep nesting
                int depth = 1 + random.nextInt(random.nextBoolean() ? 100 : 5000);
                String opener = OPENERS[random.nextInt(OPENERS.length)];
                bytes = insert(bytes, at, utf8(opener.repeat(depth)), false);
            }
            case 6 -> { // wrong magic
                for (int i = 0; i < Math.min(4, bytes.length); i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
            }
            case 7 -> { // a slice repeated
                if (bytes.length > 0) {
                    int length = 1 + random.nextInt(Math.min(64, bytes.length - at));
                    byte[] slice = Arrays.copyOfRange(bytes, at, at + length);
                    bytes = insert(bytes, at, utf8(new String(slice, StandardCharsets.ISO_8859_1)
                            .repeat(1 + random.nextInt(200))), false);
                }
            }
            default -> bytes = insert(bytes, at, new byte[] {(byte) random.nextInt(256)}, false); // a byte added
        }
        return bytes;
    }

    private static byte[] insert(byte[] bytes, int at, byte[] inserted, boolean overwrite) {
        if (overwrite) {
            byte[] copy = Arrays.copyOf(bytes, Math.max(bytes.length, at + inserted.length));
            System.arraycopy(inserted, 0, copy, at, inserted.length);
            return copy;
        }
        byte[] copy = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(inserted, 0, copy, at, inserted.length);
        System.arraycopy(bytes, at, copy, at + inserted.length, bytes.length - at);
        return copy;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
