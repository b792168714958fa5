package io.bucketbrigade.records;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.bucketbrigade.checksum.Checksums;

/**
 * The one way this server writes JSON files to S3 (sidecars, core schema files, metadata records), byte for byte
 * the form AIND's data asset indexer writes and compares: Python's {@code json.dumps(obj, indent=3,
 * sort_keys=True, ensure_ascii=False)} encoded as UTF-8. Three spaces a level, {@code "key": value}, one array
 * item or object member a line, {@code []} and {@code {}} when empty, keys in code point order, no final newline,
 * non-ASCII characters as they are, and numbers as Python prints them: integers as they are, floating point
 * numbers as Python's {@code repr} ({@code 1.0}, {@code 1e-07}, {@code 1e+16}, {@code Infinity}, {@code NaN}).
 * The same content always gives the same bytes, so an object's ETag (the MD5 of a single-part upload) tells
 * whether a file must be written again. {@link #parse} reads a file as Python's {@code json.loads} does.
 */
public final class CanonicalJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final String INDENT = "   ";

    private CanonicalJson() {
    }

    /** The indexer's bytes of a value: maps, collections, strings, numbers, booleans, null, or a Jackson tree. */
    public static byte[] bytes(Object content) {
        StringBuilder out = new StringBuilder();
        write(out, content, 0);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A file's JSON value as Python's {@code json.loads} reads it (UTF-8; {@code NaN} and {@code Infinity}
     * allowed; nothing after the value; the last of repeated keys wins), or empty when it is not JSON.
     */
    public static Optional<JsonNode> parse(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            if (text.startsWith("\uFEFF")) {
                return Optional.empty(); // json.loads refuses a byte order mark
            }
            JsonNode node = READER.readTree(text);
            return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static void write(StringBuilder out, Object value, int level) {
        if (value instanceof JsonNode node) {
            writeNode(out, node, level);
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence || value instanceof Character || value instanceof Enum<?>) {
            string(out, value.toString());
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else if (value instanceof Double || value instanceof Float || value instanceof BigDecimal) {
            out.append(pythonFloat(((Number) value).doubleValue()));
        } else if (value instanceof Number n) {
            out.append(n instanceof Byte || n instanceof Short || n instanceof Integer || n instanceof Long
                    || n instanceof java.math.BigInteger ? n.toString() : pythonFloat(n.doubleValue()));
        } else if (value instanceof Map<?, ?> map) {
            List<Map.Entry<String, Object>> entries = new ArrayList<>();
            map.forEach((k, v) -> entries.add(Map.entry(String.valueOf(k), v == null ? NULL : v)));
            entries.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
            container(out, '{', '}', entries.size(), level, (i, indent) -> {
                string(out, entries.get(i).getKey());
                out.append(": ");
                Object v = entries.get(i).getValue();
                write(out, v == NULL ? null : v, indent);
            });
        } else if (value instanceof Collection<?> || value instanceof Object[]) {
            List<?> items = value instanceof Object[] array ? List.of(array) : new ArrayList<>((Collection<?>) value);
            container(out, '[', ']', items.size(), level, (i, indent) -> write(out, items.get(i), indent));
        } else {
            writeNode(out, JSON.valueToTree(value), level);
        }
    }

    private static final Object NULL = new Object();

    private static void writeNode(StringBuilder out, JsonNode node, int level) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isTextual()) {
            string(out, node.textValue());
        } else if (node.isBoolean()) {
            out.append(node.booleanValue() ? "true" : "false");
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue().toString());
        } else if (node.isNumber()) {
            out.append(pythonFloat(node.doubleValue()));
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(CanonicalJson::compareCodePoints);
            container(out, '{', '}', names.size(), level, (i, indent) -> {
                string(out, names.get(i));
                out.append(": ");
                writeNode(out, node.get(names.get(i)), indent);
            });
        } else if (node.isArray()) {
            container(out, '[', ']', node.size(), level, (i, indent) -> writeNode(out, node.get(i), indent));
        } else {
            string(out, node.asText()); // binary or POJO nodes: their text, as json.dumps(default=str) would
        }
    }

    private interface Item {
        void write(int index, int level);
    }

    private static void container(StringBuilder out, char open, char close, int size, int level, Item item) {
        if (size == 0) {
            out.append(open).append(close);
            return;
        }
        out.append(open);
        for (int i = 0; i < size; i++) {
            out.append(i == 0 ? "\n" : ",\n").append(INDENT.repeat(level + 1));
            item.write(i, level + 1);
        }
        out.append('\n').append(INDENT.repeat(level)).append(close);
    }

    /** A string as json.dumps writes it with ensure_ascii=False: only '"', '\' and control characters escaped. */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Python orders str by code point; Java's compareTo by UTF-16 unit, which differs above U+FFFF. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * Python's {@code repr} of a float: the shortest decimal that reads back as the same double (the closest one
     * when several are as short), written plainly when its exponent is from -4 to 15 ({@code 0.0001},
     * {@code 1000000000000000.0}), else as {@code 1e-05}, {@code 1.5e+16}.
     */
    static String pythonFloat(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal exact = new BigDecimal(d);
        BigDecimal shortest = null;
        for (int digits = 1; digits <= 17 && shortest == null; digits++) {
            for (RoundingMode mode : List.of(RoundingMode.HALF_EVEN, RoundingMode.DOWN, RoundingMode.UP)) {
                BigDecimal candidate = exact.round(new MathContext(digits, mode));
                if (candidate.doubleValue() == d && (shortest == null || candidate.subtract(exact).abs()
                        .compareTo(shortest.subtract(exact).abs()) < 0)) {
                    shortest = candidate;
                }
            }
        }
        BigDecimal stripped = shortest.stripTrailingZeros();
        String sign = stripped.signum() < 0 ? "-" : "";
        String digits = stripped.unscaledValue().abs().toString();
        int point = digits.length() - stripped.scale(); // value = 0.<digits> x 10^point
        if (point > -4 && point <= 16) {
            if (point <= 0) {
                return sign + "0." + "0".repeat(-point) + digits;
            }
            if (point >= digits.length()) {
                return sign + digits + "0".repeat(point - digits.length()) + ".0";
            }
            return sign + digits.substring(0, point) + "." + digits.substring(point);
        }
        int exponent = point - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }

    public static String md5(byte[] bytes) {
        return Checksums.md5Hex(bytes);
    }
}
